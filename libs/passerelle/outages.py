"""Whether an error means the database is out of reach (wait and try again) rather than refusing
this statement (which no amount of waiting will change).

A consumer waits out an outage without giving up on the event, and an API answers 503 ("nothing
was recorded"); anything else is the event's or the request's own fault. SQLAlchemy wraps the
driver's error (`DBAPIError.orig`, itself caused by asyncpg's), so the whole chain is examined.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator

from sqlalchemy import exc as sa

# SQLSTATE classes of a connection that failed or a server that cannot serve: 08 connection
# exception (asyncpg's ConnectionDoesNotExistError is 08003), 53 insufficient resources (too many
# connections, disk full), 57P operator intervention (shutdown, crash, starting up; not 57014, a
# cancelled query), 58 system error (I/O).
_OUTAGE_SQLSTATES = ("08", "53", "57P", "58")

# SQLAlchemy's own (no connection to hand out, one found dead; OperationalError is what PEP 249
# names a lost connection), and the network's while connecting. Not every OSError: a missing file
# is no outage.
_OUTAGE_CLASSES = (
    sa.OperationalError,
    sa.DisconnectionError,
    sa.TimeoutError,
    ConnectionError,
    TimeoutError,
    socket.gaierror,
)
_NETWORK_ERRNOS = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


def is_connection_lost(exc: BaseException) -> bool:
    """True when the database was unreachable or went away; False when it refused the statement."""
    for link in _chain(exc):
        if isinstance(link, _OUTAGE_CLASSES) or (isinstance(link, OSError) and link.errno in _NETWORK_ERRNOS):
            return True
        if isinstance(link, sa.DBAPIError) and link.connection_invalidated:
            return True
        sqlstate = getattr(link, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_OUTAGE_SQLSTATES):
            return True
    return False


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The error, the driver's error it wraps, and their causes, each once."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        link = pending.pop()
        if link is None or id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        orig = getattr(link, "orig", None)
        pending += [orig if isinstance(orig, BaseException) else None, link.__cause__]
