"""The rebuild's writes: the projections' statements recorded while the handlers run, then sent in as
few executions as their order allows.

Each handler's statement reads and writes one table only, and no table refers to another, so the state a
table ends in depends only on the order of its own writes. Within a table, a write that names its row by
primary key (an upsert of a fact, a bulk UPDATE by key: the rows of `projections`) touches that row alone,
so writes to different rows may go in any order: only each row's own writes keep theirs. They are sent in
rounds: every row's first write, then every row's second... and within a round, all the writes of one
statement at once (one executemany, which the spare database sends as multi-row statements). A write that
names no row by key (a delete, an update by another column) is a barrier: what came before it on its
table is sent first, then it alone.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter

from reporting.service_layer.projections import FACT_TENANT, upsert_statement


class Recorder:
    """What the handlers take for a unit of work during a rebuild: it keeps their statements. An update by
    key of a row whose last write is an upsert of the same tenant is folded into that upsert (the columns
    of both, the update's values last): one write, the same row in the end."""

    def __init__(self):
        self.tenant: str | None = None
        self.session = self
        self.writes: list[tuple] = []  # (statement, tenant, parameters)
        self._last: dict[tuple, int] = {}  # (table, row key) -> index of the row's last write

    async def execute(self, statement, parameters=None) -> None:
        table = statement.table.name
        for row in parameters if isinstance(parameters, list) else [parameters]:  # a list: a bulk UPDATE by key
            write = (statement, self.tenant, row)
            key = _row_key(write)
            if key is None:  # it may touch any row of its table: nothing folds across it
                self._last = {k: i for k, i in self._last.items() if k[0] != table}
                self.writes.append(write)
                continue
            last = self._last.get((table, key))
            if last is not None and statement.is_update and _folds(self.writes[last], row):
                self.writes[last] = _folded(self.writes[last], row)
                continue
            self._last[(table, key)] = len(self.writes)
            self.writes.append(write)


def _folds(write: tuple, update: dict) -> bool:
    statement, _, upsert = write
    return statement.is_insert and upsert["tenant_id"] == update[FACT_TENANT]


def _folded(write: tuple, update: dict) -> tuple:
    statement, tenant, upsert = write
    values = {**upsert, **{name: value for name, value in update.items() if name != FACT_TENANT}}
    [key] = statement.table.primary_key
    return (upsert_statement(statement.table, key.key, tuple(values)), tenant, values)


async def send(uow, writes: list) -> None:
    """The writes, table by table, in rounds (see the module); an upsert carries its tenant in its rows, an
    update or a delete is scoped to its tenant (passerelle.tenancy)."""
    by_table: dict = {}
    for write in writes:
        by_table.setdefault(write[0].table.name, []).append(write)
    for table_writes in by_table.values():
        for keyed, segment in itertools.groupby(table_writes, key=lambda write: _row_key(write) is not None):
            for together in rounds(list(segment)) if keyed else ([write] for write in segment):
                await _execute(uow, together)


def rounds(writes: list) -> list[list]:
    """Writes that name their row, as groups to execute one after the other: each row's writes in their
    order, one round after another; within a round, a group per statement (and tenant, but for an upsert)."""
    seen: Counter = Counter()
    by_round: dict[int, dict[tuple, list]] = {}
    for write in writes:
        key = _row_key(write)
        by_round.setdefault(seen[key], {}).setdefault(_group_key(write), []).append(write)
        seen[key] += 1
    return [group for n in sorted(by_round) for group in by_round[n].values()]


async def _execute(uow, writes: list) -> None:
    statement, tenant, parameters = writes[0]
    with uow.acting_for(tenant or uow.tenant):
        if parameters is None:  # values written in the statement itself
            await uow.session.execute(statement)
        else:
            await uow.session.execute(statement, [write[2] for write in writes])


def _row_key(write: tuple) -> tuple | None:
    """The row a write names by its table's primary key, or None."""
    statement, _, parameters = write
    if not isinstance(parameters, dict):
        return None
    try:
        return tuple(parameters[key] for key in _primary_key(statement.table))
    except KeyError:
        return None


@functools.cache
def _primary_key(table) -> tuple[str, ...]:
    """Its columns' keys (asked for each write: a rebuild's millions)."""
    return tuple(column.key for column in table.primary_key)


def _group_key(write: tuple) -> tuple:
    """Writes sent together: an upsert's rows whatever their tenant, an update's of one tenant."""
    statement, tenant, _ = write
    return (statement, None if statement.is_insert else tenant)
