"""How fast an import of activities goes, beside the bare work of storing the same rows.

Run on demand (not a test): `bin/benchmark-import [--rows 10000]`. It starts a throwaway PostgreSQL
with the cases service's schema, imports 1,000 case files, then measures in the same run:
  1. the ceiling: the same file read (passerelle.imports.tables) and its rows inserted into the
     activities table by one asyncpg `executemany`, no rule checked, no event written;
  2. Passerelle's import of that file: every row checked through the case file's rules (a unit of
     work rolled back), then applied with its event in the outbox, batch by batch, as the service's
     background pass does it.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import random
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import asyncpg

from cases.adapters import orm  # noqa: F401  (the mappings)
from cases.domain.imports import CaseImport
from cases.entrypoints.imports import ACTIVITIES, CASES, IMPORTERS
from devstack.postgres import PostgresServer
from passerelle import clock
from passerelle.db import Database
from passerelle.imports.jobs import DONE
from passerelle.imports.runner import confirm, next_batch
from passerelle.imports.tables import read_table
from passerelle.migrations import upgrade

TENANT = "bench"
CASE_FILES = 1_000
FIRST_DAY = date(2022, 1, 3)


def as_csv(layout, rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([c.header for c in layout.columns])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def case_files() -> bytes:
    return as_csv(
        CASES,
        [
            [f"D-{n}", f"Nom{n}", "Prénom", "01/02/1970", "", "", "30100", "", FIRST_DAY.isoformat(), "", "", ""]
            for n in range(CASE_FILES)
        ],
    )


def activities(count: int, rng: random.Random) -> bytes:
    rows = []
    for n in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(700))
        rows.append([f"D-{rng.randrange(CASE_FILES)}", f"A-{n}", "Entretien individuel", day.isoformat(), "phone"]
                    + [""] * 8 + [f"entretien {n}"])  # fmt: skip
    return as_csv(ACTIVITIES, rows)


async def imported(db: Database, layout: str, name: str, content: bytes) -> float:
    """Seconds for the whole import: check, confirm, apply."""
    rows = read_table(name, content)
    job = CaseImport(
        id=uuid.uuid4(), tenant_id=TENANT, layout=layout, filename=name, uploaded_by="bench",
        uploaded_at=clock.now(), rows=[[line, row] for line, row in rows], total=len(rows),
    )  # fmt: skip
    started = time.monotonic()
    async with db.unit_of_work(tenant=TENANT) as uow:
        uow.session.add(job)
        await uow.commit()
    while await next_batch(db, CaseImport, IMPORTERS):
        pass
    async with db.unit_of_work(tenant=TENANT) as uow:
        checked = await uow.get(CaseImport, job.id, what="import")
        assert not checked.errors, checked.errors[:3]
        confirm(checked)
        await uow.commit()
    while await next_batch(db, CaseImport, IMPORTERS):
        pass
    async with db.unit_of_work(tenant=TENANT) as uow:
        assert (await uow.get(CaseImport, job.id, what="import")).status == DONE
    return time.monotonic() - started


async def bare_insert(url: str, name: str, content: bytes) -> float:
    """Seconds to read the file and insert its rows with asyncpg alone (into a copy of the table)."""
    started = time.monotonic()
    rows = read_table(name, content)
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute("CREATE TEMP TABLE bare (LIKE activities INCLUDING DEFAULTS)")
        await connection.executemany(
            "INSERT INTO bare (id, tenant_id, case_id, kind, occurred_on, author, recorded_at, details, comment)"
            " VALUES ($1, $2, $3, 'appointment', $4, 'bench', now(), '{}', $5)",
            [
                (uuid.uuid4(), TENANT, uuid.uuid4(), date.fromisoformat(row["Date"]), row["Commentaire"])
                for _, row in rows
            ],
        )
    finally:
        await connection.close()
    return time.monotonic() - started


async def measure(url: str, rows: int, content: bytes) -> None:
    db = Database(url, service_name="cases")
    try:
        cases_seconds = await imported(db, "dossiers", "dossiers.csv", case_files())
        print(f"{CASE_FILES:,} case files imported in {cases_seconds:.1f} s")
        bare = await bare_insert(url, "activites.csv", content)
        passerelle = await imported(db, "activites", "activites.csv", content)
    finally:
        await db.engine.dispose()
    print()
    print(f"{'':36}{'rows':>10}{'seconds':>10}{'rows/s':>10}")
    print(f"{'bare read + asyncpg executemany':36}{rows:>10,}{bare:>10.1f}{rows / bare:>10,.0f}")
    print(f"{'import (checked, then applied)':36}{rows:>10,}{passerelle:>10.1f}{rows / passerelle:>10,.0f}")
    print(f"the import takes {passerelle / bare:.1f} times the bare insert")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    content = activities(args.rows, random.Random(2022))
    with tempfile.TemporaryDirectory(prefix="passerelle-bench-") as folder:
        postgres = PostgresServer(Path(folder) / "postgres").start()
        try:
            postgres.create_database("cases")
            upgrade("cases", postgres.url("cases"))
            asyncio.run(measure(postgres.url("cases"), args.rows, content))
        finally:
            postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
