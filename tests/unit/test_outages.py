"""Which errors mean the database is out of reach (waited for, 503) and which mean it refused the
statement (dead-lettered after the attempts, 4xx/500): the wrapping SQLAlchemy and asyncpg do."""

from __future__ import annotations

import errno

import asyncpg
import pytest
from sqlalchemy import exc as sa

from passerelle.outages import is_connection_lost


class DriverError(Exception):
    """SQLAlchemy's adaptation of an asyncpg error: it copies the SQLSTATE and is caused by the original."""

    def __init__(self, original: Exception):
        super().__init__(str(original))
        self.sqlstate = getattr(original, "sqlstate", None)
        self.__cause__ = original


def wrapped(original: Exception, kind=sa.DBAPIError, **flags) -> sa.DBAPIError:
    """As SQLAlchemy raises it from a statement: `orig` the driver's error, caused by asyncpg's."""
    error = kind("INSERT INTO t VALUES ($1)", ("a value",), DriverError(original), **flags)
    error.__cause__ = error.orig
    return error


@pytest.mark.parametrize(
    "error",
    [
        wrapped(asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation")),
        wrapped(asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command")),
        wrapped(asyncpg.exceptions.CannotConnectNowError("the database system is starting up")),
        wrapped(asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already")),
        wrapped(
            asyncpg.exceptions.InterfaceError("connection is closed"), sa.InterfaceError, connection_invalidated=True
        ),
        sa.OperationalError("SELECT 1", (), Exception("server closed the connection unexpectedly")),
        sa.TimeoutError("QueuePool limit of size 10 overflow 5 reached"),
        ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"),
        OSError(errno.EHOSTUNREACH, "No route to host"),
        TimeoutError(),
        ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
        sa.OperationalError("connect", {}, ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")),
        wrapped(ValueError("anything"), connection_invalidated=True),
    ],
    ids=lambda error: type(error).__name__ + ":" + str(getattr(error, "orig", error))[:30],
)
def test_a_lost_or_refused_connection_is_an_outage(error):
    assert is_connection_lost(error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(asyncpg.exceptions.StringDataRightTruncationError("value too long for type character varying(200)")),
        wrapped(asyncpg.exceptions.CharacterNotInRepertoireError('invalid byte sequence for encoding "UTF8": 0x00')),
        wrapped(asyncpg.exceptions.UniqueViolationError("duplicate key value"), sa.IntegrityError),
        wrapped(asyncpg.exceptions.UndefinedColumnError("column x does not exist"), sa.ProgrammingError),
        wrapped(asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout")),
        wrapped(asyncpg.exceptions.DataError("invalid input for query argument $1: 3000000000"), sa.InterfaceError),
        FileNotFoundError(errno.ENOENT, "no such file"),
        ValueError("a bug"),
    ],
    ids=lambda error: type(error).__name__ + ":" + str(getattr(error, "orig", error))[:30],
)
def test_a_statement_the_database_refuses_is_no_outage(error):
    assert not is_connection_lost(error)
