"""Tell a lost database connection (an outage: wait and retry, answer 503) from any other error."""

from __future__ import annotations

import asyncpg
from sqlalchemy import exc as sa

# Errors that say the server or the connection is gone, not that the statement was wrong: PostgreSQL
# shutting down or starting (57P01-57P03), class 08 (connection exceptions), too many clients (53300).
_LOST = (
    OSError,  # refused, reset, timed out (TimeoutError is an OSError)
    sa.OperationalError, sa.InterfaceError,
    sa.TimeoutError,  # no connection free in the pool in time
    asyncpg.PostgresConnectionError,  # ConnectionDoesNotExistError and its kin
    asyncpg.AdminShutdownError, asyncpg.CrashShutdownError, asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InterfaceError,  # "connection is closed"
)


def is_connection_lost(exc: BaseException) -> bool:
    """True when `exc`, or an error it wraps, means the database cannot be reached right now."""
    return any(_lost(e) for e in _chain(exc))


def _lost(exc: BaseException) -> bool:
    if isinstance(exc, sa.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, _LOST)


def _chain(exc: BaseException, depth: int = 0):
    """The error, what SQLAlchemy and asyncpg wrapped in it (`orig`, `raise ... from`) and a group's
    members; not `__context__`: an error raised while handling an outage is not itself one."""
    if exc is None or depth > 8:
        return
    yield exc
    for inner in (getattr(exc, "orig", None), exc.__cause__):
        if inner is not None and inner is not exc:
            yield from _chain(inner, depth + 1)
    for member in getattr(exc, "exceptions", ()):
        yield from _chain(member, depth + 1)
