"""One error shape for every failure: `{"error": {"code", "message", "details"?}}`.

Handlers turn validation errors, HTTP errors, an unreachable Neo4j and any
unexpected exception into that shape, so a client never sees a stack trace or
a bare 500 page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import GraphConstraintError, GraphUnavailable

log = logging.getLogger(__name__)

# Seconds a client should wait before retrying when the graph is unreachable.
RETRY_AFTER_SECONDS = 5

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    431: "request_header_fields_too_large",
    500: "internal_error",
    503: "service_unavailable",
}


class FieldError(BaseModel):
    field: str = Field(description="Dotted location of the bad input, e.g. 'body.text' or 'query.limit'.")
    message: str
    type: str


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. 'not_found', 'validation_error'.")
    message: str = Field(description="Human-readable explanation.")
    details: list[FieldError] | None = Field(default=None, description="Field-level problems (422 only).")


class ErrorBody(BaseModel):
    error: ErrorDetail

    model_config = {
        "json_schema_extra": {
            "examples": [{"error": {"code": "not_found", "message": "speaker 'spk_123' not found"}}]
        }
    }


class ApiError(Exception):
    """An error the API answers deliberately, with a status and a readable message."""

    def __init__(
        self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.headers = headers


class NotFound(ApiError):
    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(404, f"{kind} {ident!r} not found")


class PayloadTooLarge(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(413, message)


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    details: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, details=details))
    return JSONResponse(status_code=status, content=body.model_dump(exclude_none=True), headers=headers)


def unavailable_response(
    message: str = "the graph database is unreachable; try again shortly",
) -> JSONResponse:
    return error_response(
        503, "service_unavailable", message, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


def _field_errors(exc: RequestValidationError) -> list[FieldError]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        out.append(
            FieldError(
                field=loc or "request",
                message=str(err.get("msg", "invalid")),
                type=str(err.get("type", "value_error")),
            )
        )
    return out


def _is_graph_unavailable(exc: BaseException) -> bool:
    """The graph layer's GraphUnavailable, or the driver's own connection errors."""
    return isinstance(exc, ServiceUnavailable | SessionExpired | AuthError | GraphUnavailable)


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = _field_errors(exc)
    summary = "; ".join(f"{d.field}: {d.message}" for d in details[:5])
    return error_response(422, "validation_error", f"invalid request: {summary}", details=details)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(jsonable_encoder(exc.detail))
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, _CODES.get(exc.status_code, "error"), message, headers=headers)


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    return error_response(409, "conflict", str(exc))


def unexpected_error_response(method: str, path: str, exc: BaseException) -> JSONResponse:
    """503 for a lost database, else a logged 500 that shows the client no internals."""
    if _is_graph_unavailable(exc):
        log.warning("graph unavailable on %s %s: %s", method, path, exc)
        return unavailable_response()
    log.error("unhandled error on %s %s", method, path, exc_info=exc)
    return error_response(500, "internal_error", "internal server error; the incident was logged")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    return unexpected_error_response(request.method, request.url.path, exc)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ServiceUnavailable, _unexpected)
    app.add_exception_handler(SessionExpired, _unexpected)
    app.add_exception_handler(AuthError, _unexpected)
    app.add_exception_handler(GraphUnavailable, _unexpected)
    app.add_exception_handler(GraphConstraintError, _conflict)
    # Any other exception is answered by middleware.RequestGuard without re-raising (which would make
    # the server drop the connection); this handler only sees errors raised outside that middleware.
    app.add_exception_handler(Exception, _unexpected)


# Shared OpenAPI `responses=` entries so every route documents the uniform error body.
def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "Body could not be parsed (e.g. not UTF-8), or a `cursor` this list did not issue",
        401: "Missing API key",
        403: "Invalid API key",
        404: "Not found",
        413: "Payload too large",
        422: "Malformed input (field-level details)",
        503: "Neo4j unreachable (see Retry-After)",
    }
    return {s: {"model": ErrorBody, "description": descriptions.get(s, "Error")} for s in statuses}
