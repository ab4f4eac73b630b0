"""ASGI middleware: correlation id in and out, request metrics by route template, one log line.

It also catches what no exception handler took: one log line (the error's type, the route, the
correlation id) and a bare 500, instead of uvicorn's "Exception in ASGI application" traceback,
whose messages can quote a request's values or a statement's parameters.
"""

from __future__ import annotations

import json
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
        status, started, response_started = 500, time.perf_counter(), False

        async def send_with_id(message):
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                message.setdefault("headers", []).append((HEADER, (correlation_id.get() or "").encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            log.error(
                "unhandled %s on %s %s",
                type(exc).__name__,
                scope["method"],
                _route(scope),
                extra={"fields": {"error": type(exc).__name__, "route": _route(scope)}},
            )
            if not response_started:
                await _internal_error(send_with_id)
        finally:
            route = _route(scope)
            elapsed = time.perf_counter() - started
            self.metrics.http_requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.http_latency.labels(scope["method"], route).observe(elapsed)
            if route not in ("/metrics", "/healthz", "/readyz", "/healthz/broker"):
                log.info(
                    "%s %s %s",
                    scope["method"],
                    route,
                    status,
                    extra={"fields": {"status": status, "route": route, "ms": round(elapsed * 1000, 1)}},
                )
            correlation_id.reset(token)


def _route(scope) -> str:
    return getattr(scope.get("route"), "path", "<unmatched>")


async def _internal_error(send) -> None:
    body = json.dumps({"detail": "internal error", "correlation_id": correlation_id.get()}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _incoming_id(scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == HEADER:
            text = value.decode(errors="replace")
            return text if _ACCEPTABLE_ID.match(text) else None
    return None
