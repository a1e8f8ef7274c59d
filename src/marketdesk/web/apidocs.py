"""``/api/docs``: the API's reference, rendered on the server from its own OpenAPI document.

A page of the dashboard like the others (no CDN, no inline script, so it works under the app's
Content-Security-Policy): each operation with its parameters, its request body, every status it
answers with the schema of that answer, and a link that tries a GET on real values.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

__all__ = ["router", "operations", "literals"]

router = APIRouter(include_in_schema=False)


def literals(text: str) -> Any:
    """A docstring's ````name```` literals as ``<code>`` (the rest escaped), for the page."""
    import re

    from markupsafe import Markup, escape

    parts = re.split(r"``(.+?)``", str(text))
    return Markup("").join(escape(p) if i % 2 == 0 else Markup("<code>%s</code>") % p
                           for i, p in enumerate(parts))

#: Values the "try it" links fill in (a path's {symbol}, {date}; compare's query).
EXAMPLES = {"symbol": "^RUT", "date": "2024-11-25", "a": "^RUT", "b": "^GSPC", "from": "2024-10-31",
            "to": "2024-11-25", "y": "DGS10"}


def _type(schema: dict[str, Any]) -> str:
    """A short reader's name for a JSON schema ("string (date)", "ErrorBody", "array of ...")."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def _try_link(path: str, params: list[dict[str, Any]]) -> str | None:
    url = path
    query = []
    for p in params:
        value = EXAMPLES.get(p["name"])
        if p["in"] == "path":
            if value is None:
                return None
            url = url.replace("{" + p["name"] + "}", quote(value, safe=""))
        elif value is not None and (p.get("required") or p["name"] in ("date", "to")):
            query.append(f"{p['name']}={quote(value, safe='')}")
    return url + ("?" + "&".join(query) if query else "")


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI document, flattened for the template."""
    out = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            params = op.get("parameters", [])
            body = op.get("requestBody", {}).get("content", {})
            out.append({
                "method": method.upper(), "path": path, "id": f"{method}-{path}",
                "summary": op.get("summary", ""), "description": op.get("description", ""),
                "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", "")} for p in params],
                "body": [{"media": m, "type": _type(c.get("schema", {}))} for m, c in body.items()],
                "responses": [{"status": s, "description": r.get("description", ""),
                               "type": ", ".join(_type(c.get("schema", {}))
                                                 for c in r.get("content", {}).values())}
                              for s, r in sorted(op.get("responses", {}).items())],
                "try": _try_link(path, params) if method == "get" else None,
            })
    return out


def _models(spec: dict[str, Any]) -> list[dict[str, Any]]:
    schemas = spec.get("components", {}).get("schemas", {})
    return [{"name": name, "fields": [{"name": f, "type": _type(s), "required": f in
                                       sch.get("required", []),
                                       "description": s.get("description", "")}
                                      for f, s in sch.get("properties", {}).items()]}
            for name, sch in sorted(schemas.items())]


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    spec = request.app.openapi()
    return request.app.state.templates.TemplateResponse(request, "api_docs.html", {
        "title": "API", "spec": spec, "operations": operations(spec), "models": _models(spec)})
