"""An import: the file's rows, where it stands, what it made and what it refused.

It is checked first (every row through the use cases, nothing kept: `checking` → `checked`), then,
once a coordinator confirms a file without errors, applied (`running` → `done`), in batches that
each commit their facts with the import's progress: stopped anywhere (a restart, a lost database),
it resumes at the next row. The rows hold personal data: they are emptied when the import is done."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from passerelle.tenancy import TenantOwned

CHECKING, CHECKED, RUNNING, DONE = "checking", "checked", "running", "done"
IMPORTER = "import"  # the author of what an import records, and the caller its row keys belong to


@dataclass(eq=False)
class ImportJob(TenantOwned):
    id: uuid.UUID
    tenant_id: str
    layout: str
    filename: str
    uploaded_by: str
    uploaded_at: datetime
    rows: list  # [[line, {header: value}], …]; emptied once done
    total: int
    status: str = CHECKING
    done: int = 0  # rows checked, then rows applied
    created: int = 0  # rows that make (or would make) something new
    already: int = 0  # rows an earlier import already made: the same file twice creates nothing twice
    errors: list = field(default_factory=list)  # [[line, column, message], …], in the order found
    finished_at: datetime | None = None

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def confirmable(self) -> bool:
        return self.status == CHECKED and not self.errors


def import_jobs_table(metadata: MetaData) -> Table:
    """The same table in each service that imports (each has its own database)."""
    return Table(
        "import_jobs",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("tenant_id", String(100), nullable=False, index=True),
        Column("layout", String(40), nullable=False),
        Column("filename", String(200), nullable=False),
        Column("uploaded_by", String(200), nullable=False),
        Column("uploaded_at", DateTime(timezone=True), nullable=False),
        Column("rows", JSONB, nullable=False),
        Column("total", Integer, nullable=False),
        Column("status", String(20), nullable=False),
        Column("done", Integer, nullable=False),
        Column("created", Integer, nullable=False),
        Column("already", Integer, nullable=False),
        Column("errors", JSONB, nullable=False),
        Column("finished_at", DateTime(timezone=True), nullable=True),
    )
