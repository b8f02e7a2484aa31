"""ASGI middleware around the whole app: request limits, security headers, and the last error answer.

`RequestGuard` is the outermost of the app's own middleware. It
- answers 431 when the request headers together exceed `max_header_bytes` (a server may accept headers
  of any size; the app refuses to work on them);
- adds `X-Content-Type-Options: nosniff` to every response, errors included;
- turns an exception nothing else handled into the one error body (500, or 503 for a lost database)
  *without re-raising it*. Starlette's own last-resort handler re-raises after answering, and uvicorn
  then closes the connection, so a client's next request on that pooled connection fails.

`BodySizeLimit` refuses request bodies past a size before the app parses them.
"""

from __future__ import annotations

import logging

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import error_response, unexpected_error_response

log = logging.getLogger(__name__)


class RequestGuard:
    def __init__(self, app: ASGIApp, max_header_bytes: int) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        header_bytes = sum(len(name) + len(value) for name, value in scope.get("headers") or [])
        if header_bytes > self.max_header_bytes:
            response = error_response(
                431,
                "request_header_fields_too_large",
                f"request headers total {header_bytes} bytes; the limit is {self.max_header_bytes} "
                "(CLAIMGRAPH_MAX_HEADER_BYTES)",
            )
            await response(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:  # part of an answer is out: nothing sound left to send
                raise
            response = unexpected_error_response(scope.get("method", ""), scope.get("path", ""), exc)
            await response(scope, receive, send_with_headers)


class BodySizeLimit:
    """Refuse request bodies past `limit` bytes with a 413 before the app parses them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        # Undeclared (chunked) bodies: buffer up to the limit, then replay to the app.
        if declared is None and scope.get("method") in {"POST", "PUT", "PATCH"}:
            messages: list[Message] = []
            size = 0
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request":
                    break
                size += len(message.get("body", b""))
                if size > self.limit:
                    await self._too_large(scope, receive, send)
                    return
                if not message.get("more_body", False):
                    break

            async def replay() -> Message:
                return messages.pop(0) if messages else await receive()

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            "payload_too_large",
            f"request body is larger than {self.limit} bytes (CLAIMGRAPH_MAX_REQUEST_BYTES)",
        )
        await response(scope, receive, send)
