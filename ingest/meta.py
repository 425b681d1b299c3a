"""Document metadata from YAML: Markdown front matter and optional ``<name>.meta.yaml`` sidecars.

A sidecar sits beside any file (``report.pdf.meta.yaml`` or ``report.meta.yaml``) and overrides the
fields the loader found, so PDFs without useful metadata can still be cited properly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import UnreadableDocument, UnsupportedDocument
from ingest.model import DocumentMeta

# Fields a sidecar or front matter may set; other front-matter keys are provenance, ignored.
META_FIELDS = ("title", "date", "owner", "url", "kind", "tags")
SIDECAR_SUFFIX = ".meta.yaml"


def humanise_stem(stem: str) -> str:
    """``working_together-2023`` -> ``Working together 2023``: a last-resort title."""
    words = re.sub(r"[_\-\s]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else stem


def meta_fields(values: Mapping[str, Any], *, name: str) -> dict[str, Any]:
    """Pick and normalise the ``DocumentMeta`` fields in ``values`` (dates to ISO strings)."""
    fields: dict[str, Any] = {}
    for key in META_FIELDS:
        value = values.get(key)
        if value is None or value == "":
            continue
        if key == "tags":
            fields[key] = _tags(value, name=name)
        elif isinstance(value, dt.date):
            fields[key] = value.isoformat()[:10]
        elif isinstance(value, str | int | float):
            fields[key] = str(value).strip()
        else:
            raise UnsupportedDocument(
                f"{name}: metadata field {key!r} must be text, not {type(value).__name__}; "
                "write it as a plain string"
            )
    return fields


def parse_yaml_mapping(text: str, *, name: str) -> dict[str, Any]:
    """Parse a YAML block that must be a mapping."""
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise UnreadableDocument(
            f"{name}: the YAML metadata does not parse ({_one_line(e)}); fix the syntax"
        ) from e
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise UnreadableDocument(f"{name}: the YAML metadata must be 'key: value' lines")
    return values


def apply_sidecar(meta: DocumentMeta, path: Path) -> DocumentMeta:
    """Override ``meta`` with the fields of ``path``'s sidecar, if it has one."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_suffix(SIDECAR_SUFFIX)):
        if candidate.is_file():
            break
    else:
        return meta
    try:
        text = candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UnreadableDocument(
            f"{candidate.name}: the sidecar cannot be read ({e}); save it as UTF-8 text"
        ) from e
    values = parse_yaml_mapping(text, name=candidate.name)
    unknown = sorted(set(values) - set(META_FIELDS))
    if unknown:
        raise UnsupportedDocument(
            f"{candidate.name}: unknown metadata field(s) {', '.join(unknown)}; "
            f"use only {', '.join(META_FIELDS)}"
        )
    return dataclasses.replace(meta, **meta_fields(values, name=candidate.name))


def _tags(value: Any, *, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if isinstance(value, list | tuple):
        return tuple(str(t).strip() for t in value if str(t).strip())
    raise UnsupportedDocument(f"{name}: 'tags' must be a list or comma-separated text")


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
