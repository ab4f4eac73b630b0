"""Protections in front of every service: a maximum body size (413) and a per-address rate limit."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse


class BodySizeLimit:
    """ASGI middleware: refuse bodies larger than `max_bytes` with 413, declared or streamed."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._too_large(scope, receive, send)
        received = 0

        async def counting_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, detail=self._detail())
            return message

        await self.app(scope, counting_receive, send)

    def _detail(self) -> str:
        return f"request body larger than {self.max_bytes // 1024} KiB"

    async def _too_large(self, scope, receive, send):
        await JSONResponse({"detail": self._detail()}, status_code=413)(scope, receive, send)


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
        wait = self.check(request.client.host if request.client else "unknown")
        if wait is not None:
            raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(int(wait) + 1)},
                                detail="too many submissions from this address; try again later")
