"""Load for the benchmarks: clients sending requests back to back for a while (a rate, latencies), a steady
rate of referrals through the whole platform (latency to the case, and to the count), a service's memory."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "referral.json"
NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau")


def a_referral(rng: random.Random) -> dict:
    """The documented example fiche, for another person each time."""
    body = json.loads(EXAMPLE.read_text())
    body["beneficiary"] |= {"last_name": rng.choice(NAMES), "first_name": f"P{rng.randrange(10**6)}"}
    return body


@dataclass
class Measured:
    requests: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """In milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(int(share * len(ordered)), len(ordered) - 1)]


async def hammer(url: str, *, headers: dict, clients: int, seconds: float, warm_up: float = 1.0) -> Measured:
    """`clients` clients posting fiches back to back for `seconds` (after a warm-up that is not counted)."""
    measured, rng = Measured(), random.Random(clients)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers=headers, timeout=30, limits=limits) as client:

        async def client_loop(until: float, counting: bool) -> None:
            while time.monotonic() < until:
                started = time.perf_counter()
                answer = await client.post(url, json=a_referral(rng))
                if counting:
                    measured.requests += 1
                    measured.latencies.append(time.perf_counter() - started)
                    measured.failed += answer.status_code != 201

        await asyncio.gather(*(client_loop(time.monotonic() + warm_up, False) for _ in range(clients)))
        started = time.monotonic()
        await asyncio.gather(*(client_loop(started + seconds, True) for _ in range(clients)))
        measured.seconds = time.monotonic() - started
    return measured


@dataclass
class Flow:
    """A steady rate of referrals submitted and accepted; when each became a case, and when it was counted."""

    sent_at: list[float] = field(default_factory=list)
    case_after: list[float] = field(default_factory=list)
    counted_after: list[float] = field(default_factory=list)
    caught_up_after_end: float = float("nan")  # seconds from the last submission to the last count


async def steady_flow(
    submit_and_accept: Callable[[], Awaitable[None]],
    cases_count: Callable[[], Awaitable[int]],
    counted: Callable[[], Awaitable[int]],
    *,
    rate: float,
    seconds: float,
) -> Flow:
    """`rate` referrals a second for `seconds`; the cases API and reporting's count polled all along: the
    n-th referral is a case when the API shows n cases, counted when reporting counts n."""
    flow = Flow()
    base_cases, base_counted = await cases_count(), await counted()
    done = asyncio.Event()

    async def send() -> None:
        start = time.monotonic()
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            flow.sent_at.append(time.monotonic())
            await submit_and_accept()
        done.set()

    async def watch(count: Callable[[], Awaitable[int]], base: int, into: list[float]) -> None:
        while not (done.is_set() and len(into) >= len(flow.sent_at)) and time.monotonic() - start < seconds + 120:
            seen = await count() - base
            now = time.monotonic()
            while len(into) < min(seen, len(flow.sent_at)):
                into.append(now - flow.sent_at[len(into)])
            await asyncio.sleep(0.05)

    start = time.monotonic()
    await asyncio.gather(
        send(), watch(cases_count, base_cases, flow.case_after), watch(counted, base_counted, flow.counted_after)
    )
    if flow.counted_after:
        flow.caught_up_after_end = flow.sent_at[len(flow.counted_after) - 1] + flow.counted_after[-1] - flow.sent_at[-1]
    return flow


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return 1000 * sorted(values)[min(int(share * len(values)), len(values) - 1)]


def median_ms(values: list[float]) -> float:
    return 1000 * statistics.median(values) if values else float("nan")


def rss_mib(pid: int) -> float:
    """A process's resident memory, its children's (uvicorn's workers) included."""
    total = 0
    for process in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        direct = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []
    return [*direct, *(grandchild for child in direct for grandchild in _children(child))]
