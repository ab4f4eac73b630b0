"""The benchmarks' arithmetic (benchmarks/load.py): a steady flow's latencies are each referral's own, from its
submission to the moment the count reached it; percentiles in milliseconds."""

from __future__ import annotations

import asyncio
import time

from benchmarks import load


def test_a_steady_flow_measures_each_referral_from_its_submission_to_its_count():
    submitted: list[float] = []

    async def submit() -> None:
        submitted.append(time.monotonic())

    async def seen_after(delay: float) -> int:  # what a service shows `delay` seconds after each submission
        return sum(1 for at in submitted if time.monotonic() - at >= delay)

    flow = asyncio.run(load.steady_flow(submit, lambda: seen_after(0.1), lambda: seen_after(0.3), rate=20, seconds=1))
    assert len(flow.sent_at) == len(flow.case_after) == len(flow.counted_after) == 20
    assert all(0.1 <= after < 0.3 for after in flow.case_after)
    assert all(0.3 <= after < 0.5 for after in flow.counted_after)
    assert 0.3 <= flow.caught_up_after_end < 0.5


def test_percentiles_are_in_milliseconds():
    measured = load.Measured(requests=4, seconds=2.0, latencies=[0.001, 0.002, 0.003, 0.010])
    assert measured.rate == 2.0
    assert (measured.percentile(0.5), measured.percentile(0.99)) == (3.0, 10.0)
