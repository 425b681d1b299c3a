"""Settings: one ``Settings`` object, environment variables prefixed ``SAFEGUIDE_``.

Nested groups use a double underscore: ``SAFEGUIDE_INDEX__CHROMA_HOST=127.0.0.1``. Every default
works offline on a fresh machine: the bundled model, Chroma on disk and SQLite under ``var/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict

# Every environment variable of the service starts with this.
ENV_PREFIX = "SAFEGUIDE_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "kb" / "corpus"
BUNDLED_ROUTES = PROJECT_ROOT / "kb" / "data" / "referral_routes.yaml"
BUNDLED_BRIEFINGS = PROJECT_ROOT / "briefings" / "library"
BUNDLED_ABBREVIATIONS = PROJECT_ROOT / "kb" / "data" / "abbreviations.yaml"
BUNDLED_URGENCY_MODEL = PROJECT_ROOT / "kb" / "data" / "urgency_model.json"
BUNDLED_URGENCY_EXAMPLES = PROJECT_ROOT / "kb" / "data" / "urgency_examples.yaml"


class IndexSettings(BaseModel):
    """Where and how the knowledge base is stored."""

    directory: Path | None = Field(
        None,
        description="Index folder (SQLite chunk store, embedded Chroma, BM25 folders); default "
        "`<data_dir>/index`.",
    )
    embedder: Literal["onnx", "sentence-transformers"] = Field(
        "onnx", description="Embedding back end: int8 ONNX (fast) or fp32 sentence-transformers."
    )
    chroma_host: str | None = Field(
        None, description="Chroma server host; unset means the embedded on-disk Chroma."
    )
    chroma_port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    collection: str = Field("safeguide", description="Chroma collection name.")
    chunk_max_tokens: int = Field(200, ge=64, le=512, description="Largest chunk, in tokens.")
    chunk_overlap_tokens: int = Field(40, ge=0, le=128, description="Overlap between chunks.")


class RetrievalSettings(BaseModel):
    """How many passages an answer draws on, and when to say the sources don't cover it."""

    k: int = Field(6, ge=1, le=20, description="Passages retrieved per question.")
    min_dense_similarity: float = Field(
        0.32,
        ge=0.0,
        le=1.0,
        description="Confidence floor: below this best cosine similarity the answer says the "
        "partnership's documents do not cover the question.",
    )
    max_answer_sentences: int = Field(
        4, ge=1, le=10, description="Sentences in an extractive answer."
    )


class LLMSettings(BaseModel):
    """Optional generative answerer (any OpenAI-compatible endpoint); off by default."""

    enabled: bool = Field(False, description="Use an LLM to phrase answers (verified, cited).")
    base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama)."
    )
    api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for the endpoint.")
    model: str = Field("gpt-4o-mini", description="Model name at the endpoint.")
    timeout_seconds: float = Field(20.0, gt=0, le=120, description="Give up and fall back after.")
    temperature: float = Field(0.0, ge=0.0, le=1.0, description="Sampling temperature.")

    @model_validator(mode="after")
    def _needs_endpoint(self) -> LLMSettings:
        if self.enabled and not self.base_url:
            raise ValueError(
                "SAFEGUIDE_LLM__ENABLED is true but no endpoint is set: "
                "set SAFEGUIDE_LLM__BASE_URL (e.g. http://127.0.0.1:11434/v1)"
            )
        return self


class BrandingSettings(BaseModel):
    """Who the service belongs to, so another partnership can adopt it."""

    name: str = Field(
        "Redbridge Safeguarding Children Partnership", description="Partnership name."
    )
    short_name: str = Field("RSCP", description="Short name for headers and titles.")
    primary_colour: str = Field("#1d4f91", description="Brand colour (hex), WCAG AA on white.")
    logo_url: str | None = Field(None, description="Logo image address; none shows the name.")
    website: str = Field("https://www.redbridgescp.org.uk", description="Partnership website.")

    @field_validator("primary_colour")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not (value.startswith("#") and len(value) == 7):
            raise ValueError("primary_colour must be a hex colour like #1d4f91")
        int(value[1:], 16)
        return value


class SecuritySettings(BaseModel):
    """Sessions, rate limits and uploads."""

    session_secret: SecretStr | None = Field(
        None, description="Secret signing curator sessions; default: generated into data_dir."
    )
    chat_rate_per_minute: int = Field(60, ge=1, description="Chat requests per client a minute.")
    login_rate_per_minute: int = Field(10, ge=1, description="Login attempts per client a minute.")
    search_rate_per_minute: int = Field(120, ge=1, description="Searches per client a minute.")
    feedback_rate_per_minute: int = Field(
        20, ge=1, description="Feedback posts per client a minute."
    )
    rate_limit_storage: str | None = Field(
        None,
        description="Shared rate-limit storage (`limits` URI), e.g. redis://127.0.0.1:6379/0, so "
        "all workers share one budget; unset: each process's memory.",
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated proxy addresses whose X-Forwarded-For is believed "
        "(e.g. 10.0.0.5); empty: none, the peer address is the client.",
    )
    max_upload_bytes: int = Field(
        25 * 1024 * 1024, ge=1024, description="Largest document a curator may upload."
    )
    max_body_bytes: int = Field(
        1024 * 1024,
        ge=1024,
        description="Largest request body other than an upload; bigger ones get 413 unread.",
    )
    secure_cookies: bool = Field(False, description="Mark cookies Secure (set behind HTTPS).")
    session_max_age_seconds: int = Field(
        8 * 60 * 60, ge=60, description="A curator's session lasts this long after logging in."
    )


class ApiDocsSettings(BaseModel):
    """The API reference: ``/docs`` is served from the app and works offline."""

    interactive: bool = Field(
        False,
        description="Also serve Swagger UI at /docs/swagger and ReDoc at /redoc; their scripts "
        "load from a CDN, so they need internet access.",
    )


class ReviewSettings(BaseModel):
    """When curated data is due for review (flagged to curators and shown to practitioners)."""

    max_age_months: int = Field(
        12,
        ge=1,
        le=60,
        description="A contact not checked for this many months, or a briefing this long after "
        "its last check, is due for review.",
    )


class Settings(BaseSettings):
    """All of safeguide's configuration."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Field(Path("var"), description="Folder for the index and the database.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; default SQLite at `<data_dir>/safeguide.db`. PostgreSQL "
        "(`postgresql+psycopg://...`) also holds the chunk store and BM25, so hosts share them.",
    )
    corpus_dir: Path = Field(BUNDLED_CORPUS, description="Documents ingested by default.")
    briefings_dir: Path = Field(BUNDLED_BRIEFINGS, description="Briefing files seeded at start.")
    routes_file: Path = Field(BUNDLED_ROUTES, description="Curated contacts and referral routes.")
    abbreviations_file: Path = Field(
        BUNDLED_ABBREVIATIONS, description="Curated abbreviations, for ones no document mentions."
    )
    urgency_model_file: Path = Field(
        BUNDLED_URGENCY_MODEL,
        description="Urgency model fitted on example messages (`safeguide urgency-model`).",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Log level; questions are only ever logged at DEBUG."
    )
    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    branding: BrandingSettings = Field(default_factory=BrandingSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    api_docs: ApiDocsSettings = Field(default_factory=ApiDocsSettings)

    @property
    def index_dir(self) -> Path:
        return self.index.directory or self.data_dir / "index"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'safeguide.db'}"

    @field_validator("routes_file")
    @classmethod
    def _routes_exist(cls, value: Path) -> Path:
        if not value.is_file():
            raise ValueError(f"routes file {value} not found; point SAFEGUIDE_ROUTES_FILE at one")
        return value


# -- the README's configuration table (a test keeps it in step with Settings) ----------------


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "—"
    value = field.default
    if hasattr(value, "get_secret_value"):
        return "(secret)"
    text = str(value)
    return text.replace(str(PROJECT_ROOT) + "/", "") if value is not None else "unset"


def iter_settings(
    model: type[BaseModel] = Settings, prefix: str = ENV_PREFIX
) -> Iterator[tuple[str, str, str]]:
    """(environment variable, default, description) for every leaf setting."""
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from iter_settings(annotation, f"{prefix}{name.upper()}__")
        else:
            yield f"{prefix}{name.upper()}", _default(field), field.description or ""
