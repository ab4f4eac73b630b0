"""The correlation id of the work in progress (an HTTP request or a consumed event)."""

from contextvars import ContextVar

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
