"""Passerelle's hot paths, each beside its ceiling measured in the same run, in one table.

Run on demand (not a test): `bin/benchmark` (a few minutes) or `bin/benchmark --quick` (about one
minute of measuring, after the platform's start). It starts the whole platform on throwaway data, then:
  - referral intake at 1 and 4 clients, against a bare FastAPI + asyncpg app doing the same durable work
    (benchmarks/bare_intake.py) and against pgbench doing the same two inserts; again with the other services
    paused (the intake's own cost, apart from the consumers downstream that share the machine);
  - end to end under a steady load: from submit (and accept) to the case in the cases API, and to the
    count in reporting (p50, p99), and how long the count lags after the last submission;
  - the dashboard (a year of indicators), the annual report (twelve months) and the département view
    (30 tenants), over ten years of a Grenoble-sized history, each beside one bare query reading the same
    facts (the floor of any answer);
  - each service's memory, idle and after the load;
  - reporting's rebuild against a bare consumer of the same topics (benchmarks/rebuild.py, its own broker).
Ratios are what to read: these machines are noisy, absolute times are not comparable across runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import asyncpg
import httpx

from benchmarks import bare_intake, history, load, rebuild
from devstack import processes
from devstack.demo import wait_until_known
from devstack.platform import SERVICES, Platform
from passerelle import clock
from passerelle.auth import Role, mint_token
from passerelle.cli import register_tenant
from passerelle.crypto import new_tenant_key
from tests.signing_in import sign_in  # through the identity provider's login page, as a person

REPOSITORY = Path(__file__).resolve().parents[1]
TENANT = "bench-grenoble"
FLOW_TENANT = "bench-vienne"  # the end-to-end flow's
PATHS = ("intake", "end-to-end", "pages", "rebuild")


class Table:
    """The printed table: path, Passerelle's figure, the ceiling beside it, the ratio."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, path: str, ours: str, ceiling: str = "", ratio: float | None = None) -> None:
        self.rows.append((path, ours, ceiling, f"{ratio:.0%}" if ratio is not None else ""))
        print(f"  {path}: {ours}" + (f" | {ceiling} | {ratio:.0%}" if ratio is not None else ""), flush=True)

    def print(self) -> None:
        print("\n| path | Passerelle | ceiling measured beside it | ratio |\n|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a one-minute look: shorter runs, less data")
    parser.add_argument(
        "--only", action="append", choices=PATHS, help="measure this path alone (may be repeated); all by default"
    )
    args = parser.parse_args()
    paths, seconds, table = set(args.only or PATHS), (5 if args.quick else 20), Table()
    if paths - {"rebuild"}:
        with tempfile.TemporaryDirectory(prefix="passerelle-bench-") as folder:
            platform = Platform(Path(folder) / "platform")
            started = time.monotonic()
            platform.start()
            print(f"platform started in {time.monotonic() - started:.0f} s", flush=True)
            try:
                token = _tenant(platform)
                idle = {name: load.rss_mib(platform.services[name].pid) for name in SERVICES}
                if "intake" in paths:
                    _intake(platform, token, seconds, table)
                if "end-to-end" in paths:
                    _end_to_end(platform, rate=10 if args.quick else 25, seconds=seconds, table=table)
                if "pages" in paths:
                    _dashboards(platform, quick=args.quick, table=table)
                for name in SERVICES:
                    loaded = load.rss_mib(platform.services[name].pid)
                    table.add(f"memory of {name}, idle → loaded", f"{idle[name]:.0f} → {loaded:.0f} MiB")
            finally:
                platform.stop()
    if "rebuild" in paths:
        _rebuild(events=20_000 if args.quick else 200_000, table=table)
    table.print()


def _tenant(platform: Platform, tenant: str = TENANT, name: str = "Grenoble (benchmark)") -> str:
    """The tenant registered, and a mediator's token of it."""
    new_tenant_key(platform.tenant_keys_dir, tenant)
    platform.keycloak_admin.ensure_tenant(tenant)
    asyncio.run(register_tenant(platform.kafka_admin, tenant_id=tenant, name=name, postal_codes=[]))
    wait_until_known(platform, [tenant])
    private = (platform.keys_dir / "jwt-private.pem").read_bytes()
    return mint_token(private, subject="bench-mediator", tenant=tenant, roles=[Role.MEDIATOR])


def _intake(platform: Platform, token: str, seconds: float, table: Table) -> None:
    assert platform.postgres is not None
    platform.postgres.create_database("bare")
    bare_url = platform.postgres.url("bare").replace("postgresql+asyncpg://", "postgresql://")
    port = processes.free_port()
    bare = processes.start(
        [sys.executable, "-m", "uvicorn", "benchmarks.bare_intake:app", "--port", str(port), "--no-access-log"],
        log=platform.data_dir / "logs" / "bare-intake.log",
        env={"BARE_DATABASE_URL": bare_url, "PYTHONPATH": str(REPOSITORY)},
        cwd=REPOSITORY,
    )
    try:
        processes.wait_until(lambda: _answers(f"http://127.0.0.1:{port}/docs"), timeout=30, what="the bare intake app")
        auth = {"Authorization": f"Bearer {token}"}
        for clients in (1, 4):
            ours = asyncio.run(
                load.hammer(f"{platform.url('referral')}/referrals", headers=auth, clients=clients, seconds=seconds)
            )
            with _downstream_paused(platform):
                alone = asyncio.run(
                    load.hammer(f"{platform.url('referral')}/referrals", headers=auth, clients=clients, seconds=seconds)
                )
            ceiling = asyncio.run(
                load.hammer(f"http://127.0.0.1:{port}/referrals", headers={}, clients=clients, seconds=seconds)
            )
            beside = f"bare FastAPI + asyncpg: {ceiling.rate:,.0f}/s (p50 {ceiling.percentile(0.5):.1f} ms)"
            table.add(
                f"referral intake, {clients} client{'s' if clients > 1 else ''}",
                f"{ours.rate:,.0f}/s (p50 {ours.percentile(0.5):.1f} ms, {ours.failed} failed)",
                beside,
                ours.rate / ceiling.rate,
            )
            table.add(
                "  the same, the other services paused",
                f"{alone.rate:,.0f}/s (p50 {alone.percentile(0.5):.1f} ms, {alone.failed} failed)",
                beside,
                alone.rate / ceiling.rate,
            )
            tps = _pgbench(platform, bare_url, clients, seconds)
            table.add(
                f"  the same inserts by pgbench, {clients} client{'s' if clients > 1 else ''}",
                f"{ours.rate:,.0f}/s",
                f"pgbench: {tps:,.0f}/s",
                ours.rate / tps,
            )
    finally:
        processes.stop(bare)


@contextlib.contextmanager
def _downstream_paused(platform: Platform):
    """The services other than referral stopped (SIGSTOP) for a while: the intake's own cost, apart from the
    consumers that count and open cases from what it sends, which on these two cores share its CPU (the bare
    app sends nothing anyone consumes). A full run's pause (21 s) outlasts the consumers' session timeout
    (aiokafka's 10 s): resumed, they rejoin their groups, a rebalance of seconds, over before the next figure
    that needs them (the bare app's and pgbench's runs come between; the end-to-end flow has its own tenant)."""
    paused = [platform.services[name].pid for name in SERVICES if name != "referral"]
    for pid in paused:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in paused:
            os.kill(pid, signal.SIGCONT)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _pgbench(platform: Platform, database_url: str, clients: int, seconds: float) -> float:
    """Transactions a second of pgbench running the bare app's two inserts."""
    assert platform.postgres is not None
    script = platform.data_dir / "intake.sql"
    script.write_text(bare_intake.pgbench_script())
    command = [platform.postgres.tool("pgbench"), "-n", "-c", str(clients), "-j", str(clients)]
    command += ["-T", str(int(seconds)), "-f", str(script), database_url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("tps"))
    return float(line.split("=")[1].split()[0])


def _end_to_end(platform: Platform, *, rate: float, seconds: float, table: Table) -> None:
    """On a tenant of its own: its count is read twenty times a second, which must not recount the
    intake's thousands of fiches of the day each time."""
    auth = {"Authorization": f"Bearer {_tenant(platform, FLOW_TENANT, 'Vienne (benchmark, end to end)')}"}
    coordinator = _coordinator(platform, FLOW_TENANT)
    today = clock.today()

    async def run() -> load.Flow:
        async with (
            httpx.AsyncClient(base_url=platform.url("referral"), headers=auth, timeout=30) as referral,
            httpx.AsyncClient(base_url=platform.url("cases"), headers=auth, timeout=30) as cases,
            httpx.AsyncClient(base_url=platform.url("reporting"), headers=coordinator, timeout=30) as rep,
        ):
            rng = random.Random(7)

            async def submit_and_accept() -> None:
                receipt = (await referral.post("/referrals", json=load.a_referral(rng))).json()
                (await referral.post(f"/referrals/{receipt['id']}/accept")).raise_for_status()

            async def cases_count() -> int:
                return (await cases.get("/cases", params={"limit": 1, "status": "open"})).json()["total"]

            async def counted() -> int:
                period = {"from": today.isoformat(), "to": date.fromordinal(today.toordinal() + 1).isoformat()}
                return (await rep.get("/indicators", params=period)).json()["indicators"]["followups_initiated"]

            return await load.steady_flow(submit_and_accept, cases_count, counted, rate=rate, seconds=seconds)

    flow = asyncio.run(run())
    sent = len(flow.sent_at)
    table.add(
        f"end to end, {rate:.0f} referrals/s for {seconds:.0f} s: submit + accept → case in the API",
        f"p50 {load.percentile(flow.case_after, 0.5):,.0f} ms, p99 {load.percentile(flow.case_after, 0.99):,.0f} ms"
        f" ({len(flow.case_after)}/{sent})",
    )
    table.add(
        "  → counted by reporting",
        f"p50 {load.percentile(flow.counted_after, 0.5):,.0f} ms, p99 {load.percentile(flow.counted_after, 0.99):,.0f}"
        f" ms ({len(flow.counted_after)}/{sent}); counted {flow.caught_up_after_end:.1f} s after the last submission",
    )


def _coordinator(platform: Platform, tenant: str) -> dict:
    private = (platform.keys_dir / "jwt-private.pem").read_bytes()
    token = mint_token(private, subject="bench-coordinator", tenant=tenant, roles=[Role.COORDINATOR])
    return {"Authorization": f"Bearer {token}"}


def _dashboards(platform: Platform, *, quick: bool, table: Table) -> None:
    assert platform.postgres is not None
    url = platform.postgres.url("reporting").replace("postgresql+asyncpg://", "postgresql://")
    others = [f"bench-t{n:02d}" for n in range(4 if quick else 29)]
    started = time.monotonic()
    facts = asyncio.run(history.write(url, [TENANT, *others], date(today_year() - 10, 1, 1)))
    print(f"  {facts:,} facts of ten years written in {time.monotonic() - started:.0f} s", flush=True)
    year = today_year() - 1
    coordinator, operator = _signed_in(platform, Role.COORDINATOR), _signed_in(platform, Role.OPERATOR)
    floor = asyncio.run(_bare_year(url, year))
    for label, client, path in (
        ("dashboard page (a year, the year before, its twelve months)", coordinator, "/reporting/indicateurs"),
        ("annual report page", coordinator, "/reporting/rapport"),
        (f"département page ({len(others) + 1} tenants)", operator, "/reporting/departement"),
    ):
        took = _timed(lambda client=client, path=path: client.get(path, params={"annee": year}).raise_for_status())
        table.add(
            f"{label}, ten years of 1,500 persons a year",
            f"{took * 1000:,.0f} ms",
            f"one bare query counting the year's facts: {floor * 1000:,.1f} ms",
            floor / took,
        )


def _signed_in(platform: Platform, role: Role) -> httpx.Client:
    """A person of the benchmark's tenant (the operator: of the département) signed in to the pages."""
    username, password = f"bench-{role}", "bench-password-1"
    platform.keycloak_admin.create_user(
        username, tenant=None if role == Role.OPERATOR else TENANT, roles=[role], password=password
    )
    client = httpx.Client(base_url=platform.origin, headers={"Accept": "text/html"}, timeout=120)
    sign_in(client, username, password)
    return client


def today_year() -> int:
    return clock.today().year


def _timed(call, repeat: int = 3) -> float:
    call()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


async def _bare_year(url: str, year: int) -> float:
    conn = await asyncpg.connect(url)
    try:
        query = (
            "SELECT kind, count(*), count(DISTINCT beneficiary_pid) FROM reporting.activity_facts "
            "WHERE tenant_id = $1 AND occurred_on >= $2 AND occurred_on < $3 GROUP BY kind"
        )
        times = []
        for _ in range(4):
            started = time.perf_counter()
            await conn.fetch(query, TENANT, date(year, 1, 1), date(year + 1, 1, 1))
            times.append(time.perf_counter() - started)
        return min(times[1:])
    finally:
        await conn.close()


def _rebuild(*, events: int, table: Table) -> None:
    read, seconds, done, rebuild_seconds = rebuild.measure(events)
    table.add(
        f"reporting rebuild, {done:,} events",
        f"{done / rebuild_seconds:,.0f} events/s",
        f"a bare aiokafka consumer of the same topics: {read / seconds:,.0f} events/s",
        (done / rebuild_seconds) / (read / seconds),
    )


if __name__ == "__main__":
    sys.exit(main())
