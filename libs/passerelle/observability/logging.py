"""JSON logs on stdout, one object per line, carrying the service and the correlation id.

Only messages written by the code reach the logs: never request bodies, never personal data. An
exception is logged as its types and frames, without its message: a database error quotes the
statement's parameters, a validation error the values it refused.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime

from passerelle.observability.context import correlation_id


class JsonFormatter(logging.Formatter):
    def __init__(self, service_name: str):
        super().__init__()
        self.service_name = service_name

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service_name,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": correlation_id.get(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = _without_messages(record.exc_info[1])
        return json.dumps(entry, default=str)


def _without_messages(exc: BaseException | None) -> str:
    """The traceback of `exc` and of its causes, each error named by its type only."""
    lines: list[str] = []
    while exc is not None and len(lines) < 200:
        frames = traceback.extract_tb(exc.__traceback__)
        lines[:0] = [
            f"{type(exc).__module__}.{type(exc).__qualname__}",
            *(f"  {f.filename}:{f.lineno} in {f.name}" for f in frames),
        ]
        exc = exc.__cause__ or exc.__context__
    return "\n".join(lines)


def configure_logging(service_name: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service_name))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):  # uvicorn configured its own text handlers
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    for noisy in ("uvicorn.access", "aiokafka", "faststream"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
