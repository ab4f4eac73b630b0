"""Protections in front of every service: a maximum body size (413), no NUL character (422), and a
per-address rate limit."""

from __future__ import annotations

import re
import time
from collections import defaultdict, deque

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse, Response

from passerelle.imports.tables import MAX_BYTES
from passerelle.web.pages import render_error, wants_html

# A body declared larger than allowed is still read (and dropped) up to this size before the 413, which the
# proxy then passes on: above it (the proxy's own limits are 25 MB for an import, 1 MB elsewhere) the
# connection closes unread.
DRAINED_AT_MOST = 32 * 1024 * 1024


class BodySizeLimit:
    """ASGI middleware: refuse bodies larger than `max_bytes` with 413, declared or streamed; an import's
    file (POST …/import, the only upload) may reach `imports.tables.MAX_BYTES`."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = MAX_BYTES if scope["path"].endswith("/import") and scope["method"] == "POST" else self.max_bytes
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await self._too_large(scope, receive, send, limit)
        received = 0

        async def counting_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, detail=self._detail(limit))
            return message

        await self.app(scope, counting_receive, send)

    @staticmethod
    def _detail(limit: int) -> str:
        return f"request body larger than {limit // 1024} KiB"

    async def _too_large(self, scope, receive, send, limit: int):
        if int(dict(scope["headers"])[b"content-length"]) <= DRAINED_AT_MOST:
            await _drain(receive)  # read to its end: a connection closed mid-body is a 502 behind the proxy
        request = Request(scope)
        answer: Response
        if wants_html(request):  # a page's form: said in French, with what is allowed
            size = f"{limit // (1024 * 1024)} Mo" if limit >= 1024 * 1024 else f"{limit // 1024} Ko"
            answer = render_error(request, 413, "Envoi trop volumineux", f"Ce qui est envoyé dépasse {size}.")
        else:
            answer = JSONResponse({"detail": self._detail(limit)}, status_code=413)
        await answer(scope, receive, send)


async def _drain(receive) -> None:
    """Read and drop a body, so that the 413 answers a request wholly sent."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


def client_address(request: Request) -> str:
    """The client's address, as the trusted proxy gave it (uvicorn's --forwarded-allow-ips)."""
    return request.client.host if request.client else "unknown"


class RateLimiter:
    """At most `limit` calls per `window` seconds per client address (in this process)."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self._calls: dict[str, deque[float]] = defaultdict(deque)

    def check(self, address: str) -> float | None:
        """None if allowed (and counted); otherwise the seconds to wait."""
        now = time.monotonic()
        calls = self._calls[address]
        while calls and calls[0] <= now - self.window:
            calls.popleft()
        if len(calls) >= self.limit:
            return calls[0] + self.window - now
        calls.append(now)
        return None

    def __call__(self, request: Request) -> None:
        """As a FastAPI dependency: 429 with Retry-After once the address has used its allowance."""
        wait = self.check(client_address(request))
        if wait is not None:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(int(wait) + 1)},
                detail="too many submissions from this address; try again later",
            )


_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # an escaped NUL, not an escaped backslash before "u0000"


class RefuseNulCharacters:
    """ASGI middleware: 422 for a NUL character anywhere in the path, the query or the body.
    PostgreSQL refuses it in text (it would be a 500 deep inside a use case), and no field has a use for it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if "\x00" in scope["path"] or b"%00" in scope.get("raw_path", b"") or b"%00" in scope["query_string"]:
            return await _nul_refused(scope, receive, send)
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        try:
            body = await _whole_body(receive)
        except HTTPException as exc:  # the body size limit, met while reading
            return await JSONResponse({"detail": exc.detail}, exc.status_code)(scope, receive, send)
        if _body_has_nul(body, dict(scope.get("headers", ())).get(b"content-type", b"")):
            return await _nul_refused(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()  # the disconnect, when the answer is sent
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _whole_body(receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _body_has_nul(body: bytes, content_type: bytes) -> bool:
    if content_type.startswith(b"multipart/form-data"):
        return False  # an import's file (a spreadsheet is a zip): its cells are read, and cleaned, by the import
    if b"\x00" in body:
        return True
    if content_type.startswith(b"application/x-www-form-urlencoded"):
        return b"%00" in body
    return "json" in content_type.decode("latin-1") and _JSON_NUL.search(body) is not None


async def _nul_refused(scope, receive, send):
    request = Request(scope)
    reason = "the NUL character (\\x00) is not allowed"
    answer: Response
    if wants_html(request):
        answer = render_error(request, 422, "Demande à corriger", "Un champ contient un caractère interdit (NUL).")
    else:
        answer = JSONResponse(
            status_code=422, content={"detail": "invalid request", "errors": [{"field": "request", "reason": reason}]}
        )
    await answer(scope, receive, send)
