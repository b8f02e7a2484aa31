"""Route modules; `json_response` is their fast way out for read results."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def json_response(model: BaseModel) -> Response:
    """`model` as its JSON, serialized once by pydantic's core in the route's own worker thread.

    The routes keep `response_model=` for the OpenAPI document; returning a Response skips FastAPI's
    re-validation of an already validated model, which for a plain `def` route is one more threadpool
    hop per request. The bytes are those FastAPI would send (same model, no aliases in our schemas)."""
    return Response(content=model.model_dump_json(), media_type="application/json")
