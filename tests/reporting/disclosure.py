"""An attacker's view of a published table: every masked count is an unknown, every relation the
table exposes is a constraint, and we solve for each "<5" cell. A cell is given away when the
values it can still take are fewer than the band it stands for (1 to 4).

Relations used: a total is the sum of the tenants' cells; a breakdown adds up to the indicator it
partitions; a part never exceeds its whole (catalogue `part_of`); a rate shown to 4 decimals times
its denominator gives its numerator to within rounding. Unknowns are integers; bounds are first
narrowed by propagation, then each "<5" cell's values are tried one by one with a backtracking
search over its connected unknowns. An unknown left unbounded (a hidden total nothing caps) is
dropped with its constraints: whatever the others are, some large value satisfies them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reporting.domain.catalogue import BREAKDOWNS, INDICATORS, Unit

BAND = range(1, 5)
RATE_ROUNDING = 0.00005  # rates are published rounded to 4 decimals
UNBOUNDED = 10**9
TOTAL = "(total)"  # the département's column
Cell = tuple  # (column, indicator) or (column, breakdown, key)


@dataclass
class Constraint:
    terms: dict[Cell, float]  # sum of coefficient x value ...
    constant: float  # ... == constant, or <= constant
    equal: bool


class Table:
    """Published figures: columns of indicators (tenants, and maybe the total), with their breakdowns."""

    def __init__(self) -> None:
        self.known: dict[Cell, float] = {}
        self.bounds: dict[Cell, tuple[int, int]] = {}
        self.small: set[Cell] = set()
        self.constraints: list[Constraint] = []

    def cell(self, cell: Cell, value) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.known[cell] = value
        elif value == "<5":
            self.bounds[cell] = (1, 4)
            self.small.add(cell)
        else:  # any other mask ("*", empty, null) on a count: at least 0
            self.bounds[cell] = (0, UNBOUNDED)

    def relate(self, terms: dict[Cell, float], *, equal: bool) -> None:
        constant, unknown = 0.0, {}
        for cell, coefficient in terms.items():
            if cell in self.known:
                constant -= coefficient * self.known[cell]
            elif cell in self.bounds:
                unknown[cell] = unknown.get(cell, 0) + coefficient
        if unknown:
            self.constraints.append(Constraint(unknown, constant, equal))


def table_of(columns: dict[str, dict], total: dict | None = None, breakdowns: dict[str, dict] | None = None) -> Table:
    """The relations a reader can write down from a table (API, CSV or event) as published."""
    table, every = Table(), {**columns, **({TOTAL: total} if total else {})}
    for column, values in every.items():
        for name, indicator in INDICATORS.items():
            if indicator.is_count:
                table.cell((column, name), values.get(name))
    for column, values in every.items():
        _relate_column(table, column, values)
    if total:
        for name in (n for n, i in INDICATORS.items() if i.is_count):
            table.relate({**{(c, name): 1 for c in columns}, (TOTAL, name): -1}, equal=True)
    for column, tables in (breakdowns or {}).items():
        _relate_breakdowns(table, column, tables)
    return table


def _relate_column(table: Table, column: str, values: dict) -> None:
    for name, indicator in INDICATORS.items():
        for whole in indicator.part_of:
            table.relate({(column, name): 1, (column, whole): -1}, equal=False)
        rate = values.get(name)
        if indicator.unit is Unit.RATE and indicator.numerator and isinstance(rate, float):
            numerator, denominator = (column, indicator.numerator), (column, indicator.basis)
            table.relate({numerator: 1, denominator: -(rate + RATE_ROUNDING)}, equal=False)
            table.relate({numerator: -1, denominator: rate - RATE_ROUNDING}, equal=False)


def _relate_breakdowns(table: Table, column: str, tables: dict[str, dict]) -> None:
    for name, counts in tables.items():
        for key, count in counts.items():
            table.cell((column, name, key), count)
        for whole, keys in BREAKDOWNS[name].adds_up_to.items():
            parts = {(column, name, key): 1 for key in (keys or counts) if key in counts}
            table.relate({**parts, (column, whole): -1}, equal=True)


def given_away(table: Table) -> dict[Cell, list[int]]:
    """Each "<5" cell whose possible values are fewer than 1 to 4, with those values."""
    bounds = _propagate(table.constraints, table.bounds)
    kept = [c for c in table.constraints if all(bounds[cell][1] < UNBOUNDED for cell in c.terms)]
    found = {}
    for cell in sorted(table.small):
        related = _component(cell, kept)
        possible = [v for v in BAND if _feasible(related, {**bounds, cell: (v, v)})]
        if possible != list(BAND):
            found[cell] = possible
    return found


def _propagate(constraints: list[Constraint], bounds: dict) -> dict | None:
    """The bounds narrowed until no constraint narrows them further; None if one is emptied."""
    bounds = dict(bounds)
    for _ in range(100):
        changed = False
        for constraint in constraints:
            for cell, coefficient in constraint.terms.items():
                low, high = _implied(constraint, cell, coefficient, bounds)
                new = (max(bounds[cell][0], low), min(bounds[cell][1], high))
                if new[0] > new[1]:
                    return None
                if new != bounds[cell]:
                    bounds[cell], changed = new, True
        if not changed:
            break
    return bounds


def _implied(constraint: Constraint, cell: Cell, coefficient: float, bounds) -> tuple[int, int]:
    """What the constraint allows for one unknown, given the others' bounds."""
    others = [(c, k) for c, k in constraint.terms.items() if c != cell]
    least = sum(k * (bounds[c][0] if k > 0 else bounds[c][1]) for c, k in others)
    most = sum(k * (bounds[c][1] if k > 0 else bounds[c][0]) for c, k in others)
    room_high, room_low = constraint.constant - least, constraint.constant - most
    if coefficient > 0:
        high = math.floor(room_high / coefficient + 1e-9)
        low = math.ceil(room_low / coefficient - 1e-9) if constraint.equal else 0
    else:
        low = math.ceil(room_high / coefficient - 1e-9)
        high = math.floor(room_low / coefficient + 1e-9) if constraint.equal else UNBOUNDED
    return low, min(high, UNBOUNDED)


def _component(cell: Cell, constraints: list[Constraint]) -> list[Constraint]:
    reached, left, chosen = {cell}, list(constraints), []
    while joined := [c for c in left if reached & c.terms.keys()]:
        chosen += joined
        left = [c for c in left if not reached & c.terms.keys()]
        for constraint in joined:
            reached |= constraint.terms.keys()
    return chosen


def _feasible(constraints: list[Constraint], bounds: dict) -> bool:
    """Is there an integer value for every unknown within its bounds that meets every constraint?
    Bounds are propagated at each step, so an equality fixes its last unknown without trying values."""
    bounds = _propagate(constraints, bounds)
    if bounds is None:
        return False
    open_cells = [c for constraint in constraints for c in constraint.terms if bounds[c][0] < bounds[c][1]]
    if not open_cells:
        return all(_holds(c, bounds) for c in constraints)
    cell = min(open_cells, key=lambda c: bounds[c][1] - bounds[c][0])
    low, high = bounds[cell]
    return any(_feasible(constraints, {**bounds, cell: (v, v)}) for v in range(low, high + 1))


def _holds(constraint: Constraint, bounds) -> bool:
    total = sum(k * bounds[cell][0] for cell, k in constraint.terms.items())
    if constraint.equal:
        return abs(total - constraint.constant) < 1e-6
    return total <= constraint.constant + 1e-9
