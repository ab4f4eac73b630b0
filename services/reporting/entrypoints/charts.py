"""Bar charts drawn as SVG on the server: the page, the printed report and the PDF show the same
drawing, with no script. This module only places the bars; templates/_graphiques.html draws them."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 360
PLOT_TOP, PLOT_BOTTOM = 16, 150  # vertical charts: bars between these, month labels below
LABEL_WIDTH, ROW = 170, 22  # horizontal charts: label column, then one row per item


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as written beside the bar
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    horizontal: bool


def monthly(title: str, series: list[tuple[str, float | None]], shown=str) -> Chart:
    """One bar per month, from 0 to the highest month."""
    values = [value or 0 for _, value in series]
    top = max(values, default=0) or 1
    slot = WIDTH / max(len(series), 1)
    bars = []
    for n, ((label, value), amount) in enumerate(zip(series, values, strict=True)):
        height = (PLOT_BOTTOM - PLOT_TOP) * amount / top
        bars.append(
            Bar(
                label,
                amount,
                shown(value),
                x=n * slot + slot * 0.15,
                y=PLOT_BOTTOM - height,
                width=slot * 0.7,
                height=height,
            )
        )
    return Chart(title, WIDTH, PLOT_BOTTOM + 22, bars, horizontal=False)


def ranking(title: str, items: list[tuple[str, float]], shown=str) -> Chart:
    """One row per item, longest first."""
    ordered = sorted(items, key=lambda item: -item[1])
    top = max((value for _, value in ordered), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 40
    bars = [
        Bar(label, value, shown(value), x=LABEL_WIDTH, y=n * ROW + 4, width=room * value / top, height=ROW - 8)
        for n, (label, value) in enumerate(ordered)
    ]
    return Chart(title, WIDTH, max(len(bars), 1) * ROW + 4, bars, horizontal=True)
