"""``/docs``: the API reference as a page of this app, built from the OpenAPI schema.

It needs no CDN and no script, so it works offline and under the strict CSP; ``/openapi.json``
is its JSON twin. Swagger UI and ReDoc are opt-in (settings: ``api_docs.interactive``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service.http.deps import SettingsDep
from service.http.templating import render_page

router = APIRouter(tags=["docs"])

# The HTTP methods an operation may use, in the order a reader expects them.
METHODS = ("get", "post", "put", "patch", "delete")


def list_operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Each documented operation: method, path, summary, description, parameters, body."""
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            content: dict[str, Any] = op.get("requestBody", {}).get("content", {})
            first: dict[str, Any] = next(iter(content.values()), {})
            ref = str(first.get("schema", {}).get("$ref", ""))
            operations.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or ["other"])[0],
                    "parameters": op.get("parameters", []),
                    "body": ref.rsplit("/", 1)[-1] if ref else None,
                }
            )
    return operations


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def read_api_docs_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    schema = request.app.openapi()
    context = {
        "api": schema.get("info", {}),
        "operations": list_operations(schema),
        "interactive": settings.api_docs.interactive,
        "page_title": "API reference",
    }
    return render_page(request, "api_docs.html", context)
