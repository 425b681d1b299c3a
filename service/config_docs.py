"""The README's configuration table, generated from ``Settings`` (a test keeps them in step)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from service.config import PROJECT_ROOT, Settings

PREFIX = "SAFEGUIDE_"


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "—"
    value = field.default
    if hasattr(value, "get_secret_value"):
        return "(secret)"
    text = str(value)
    return text.replace(str(PROJECT_ROOT) + "/", "") if value is not None else "unset"


def iter_settings(
    model: type[BaseModel] = Settings, prefix: str = PREFIX
) -> Iterator[tuple[str, str, str]]:
    """(environment variable, default, description) for every leaf setting."""
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from iter_settings(annotation, f"{prefix}{name.upper()}__")
        else:
            yield f"{prefix}{name.upper()}", _default(field), field.description or ""


def config_table() -> str:
    return "\n".join(
        f"| `{var}` | `{default}` | {text} |" for var, default, text in iter_settings()
    )


if __name__ == "__main__":
    print(config_table())  # noqa: T201
