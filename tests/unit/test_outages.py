"""Which database errors are an outage (wait, retry, answer 503) and which are not."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import exc as sa

from passerelle.outages import is_connection_lost


def wrapped(error: Exception, wrapper=sa.DBAPIError, **kwargs) -> Exception:
    """As SQLAlchemy's asyncpg dialect raises it: asyncpg's error, adapted, wrapped."""
    adapted = Exception(str(error))
    adapted.__cause__ = error
    return wrapper("INSERT INTO beneficiaries ...", {"last_name": "Durand"}, adapted, **kwargs)


@pytest.mark.parametrize("error", [
    wrapped(asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")),
    wrapped(asyncpg.AdminShutdownError("terminating connection due to administrator command")),
    wrapped(asyncpg.CannotConnectNowError("the database system is starting up")),
    wrapped(asyncpg.TooManyConnectionsError("sorry, too many clients already")),
    wrapped(ValueError("anything"), connection_invalidated=True),
    sa.TimeoutError("QueuePool limit of size 10 overflow 5 reached"),
    sa.OperationalError("connect", {}, ConnectionRefusedError(111, "Connection refused")),
    ConnectionResetError(104, "Connection reset by peer"),
])
def test_a_lost_connection_is_an_outage(error):
    assert is_connection_lost(error)


@pytest.mark.parametrize("error", [
    wrapped(asyncpg.StringDataRightTruncationError("value too long for type character varying(200)"),
            sa.DataError),
    wrapped(asyncpg.UniqueViolationError("duplicate key value"), sa.IntegrityError),
    wrapped(asyncpg.UndefinedColumnError("column does not exist"), sa.ProgrammingError),
    ValueError("a bug"),
])
def test_a_refused_statement_or_a_bug_is_not_an_outage(error):
    assert not is_connection_lost(error)
