"""ASGI middleware: correlation id in and out, request metrics by route template, one log line."""

from __future__ import annotations

import logging
import re
import time
import uuid

from passerelle.observability.context import correlation_id
from passerelle.observability.metrics import Metrics

log = logging.getLogger("passerelle.http")
HEADER = b"x-correlation-id"
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ObservabilityMiddleware:
    def __init__(self, app, metrics: Metrics):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        token = correlation_id.set(_incoming_id(scope) or str(uuid.uuid4()))
        status, started = 500, time.perf_counter()

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((HEADER, correlation_id.get().encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = getattr(scope.get("route"), "path", "<unmatched>")
            elapsed = time.perf_counter() - started
            self.metrics.http_requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.http_latency.labels(scope["method"], route).observe(elapsed)
            if route not in ("/metrics", "/healthz", "/readyz"):
                log.info("%s %s %s", scope["method"], route, status,
                         extra={"fields": {"status": status, "route": route, "ms": round(elapsed * 1000, 1)}})
            correlation_id.reset(token)


def _incoming_id(scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == HEADER:
            text = value.decode(errors="replace")
            return text if _ACCEPTABLE_ID.match(text) else None
    return None
