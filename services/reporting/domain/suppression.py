"""Statistical confidentiality ("secret statistique") of the département's figures: no count from
1 to 4 is published, nor any figure published beside it from which it could be worked out.

The rule (docs/architecture.md, "Secret statistique"), for every set of figures shown together:
- a count from 1 to 4 shows as "<5" (0 is shown: nobody is no one);
- a rate, a mean or a median is shown only when the count it is computed over reaches 5 and
  neither that count nor its numerator is masked (rate × denominator would give the numerator);
- a total (the département's, or an indicator that a published breakdown adds up to) is hidden,
  "*", when one of the figures it adds up is masked: the difference would give the masked one,
  or, with two or more masked, narrow them below the band (even a "<5" total: 1 + 1 = "<5"
  leaves each part 1 to 3; a "<5" made of a single "<5" stays).
Totals are hidden rather than rounded, and no tenant's cell is hidden to protect a total: both
would still narrow a masked cell (the docs say how)."""

from __future__ import annotations

from reporting.domain.catalogue import BREAKDOWNS, INDICATORS

THRESHOLD = 5
SMALL = "<5"  # a count from 1 to THRESHOLD - 1
HIDDEN = "*"  # a total that would give a masked count away

Value = int | float | str | None


def is_masked(value: Value) -> bool:
    return isinstance(value, str)


def _mask_small(count: int) -> int | str:
    return SMALL if 0 < count < THRESHOLD else count


def suppress(values: dict, breakdowns: dict[str, dict[str, int]] | None = None) -> tuple[dict, dict]:
    """One tenant's figures (a column of the département's table, a month on its topic) and the
    breakdowns published with them, suppressed."""
    shown = {
        name: _mask_small(values[name]) if indicator.is_count else values[name]
        for name, indicator in INDICATORS.items()
    }
    shown_breakdowns = {
        name: {key: _mask_small(count) for key, count in table.items()} for name, table in (breakdowns or {}).items()
    }
    for name, table in shown_breakdowns.items():
        for whole, keys in BREAKDOWNS[name].adds_up_to.items():
            masked = [key for key in keys or table if is_masked(table.get(key, 0))]
            if masked and not (shown[whole] == SMALL and len(masked) == 1):  # "<5" made of one "<5" is that one
                shown[whole] = HIDDEN
    return _with_ratios(values, shown), shown_breakdowns


def suppress_table(columns: dict[str, dict]) -> dict:
    """The département's table: each tenant's column, and the total of every count; no ratio in
    the total, whose operands would be the totals."""
    tenants = {tenant: suppress(values)[0] for tenant, values in columns.items()}
    total = {
        name: None
        if not indicator.is_count
        else HIDDEN
        if any(is_masked(shown[name]) for shown in tenants.values())
        else sum(values[name] or 0 for values in columns.values())
        for name, indicator in INDICATORS.items()
    }
    return {"tenants": tenants, "departement": total}


def _with_ratios(values: dict, shown: dict) -> dict:
    for name, indicator in INDICATORS.items():
        if indicator.basis:
            basis, operands = values[indicator.basis], (indicator.basis, indicator.numerator)
            visible = (
                isinstance(basis, int)
                and basis >= THRESHOLD
                and not any(is_masked(shown[operand]) for operand in operands if operand)
            )
            shown[name] = values[name] if visible else None
    return shown
