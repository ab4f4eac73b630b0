"""The rebuild's recorded writes: each row's writes keep their order, writes to different rows go together,
and an update by key folds into the upsert of its row before it, never across a write that may touch any
row, never across tenants. (That the rebuild ends where the live consumer does: tests/reporting/test_rebuild.py.)"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

from passerelle.contracts import events as e
from reporting.service_layer import projections
from reporting.service_layer.recorded_writes import Recorder, rounds


def recorded(*steps) -> Recorder:
    recorder = Recorder()

    async def run() -> None:
        for tenant, handler, payload in steps:
            recorder.tenant = tenant
            await handler(payload, None, recorder)

    asyncio.run(run())
    return recorder


def orientation(activity_id: uuid.UUID, on: date = date(2026, 3, 2)) -> e.CaseActivityRecorded:
    case_id = uuid.uuid4()
    return e.CaseActivityRecorded(
        case_id=case_id,
        activity_id=activity_id,
        beneficiary_pid=case_id,
        kind="orientation",
        occurred_on=on,
        partner_type="gp",
        partner_name="Cabinet du Pont",
    )


def outcome(activity_id: uuid.UUID, value: str = "followed") -> e.CaseOrientationOutcomeRecorded:
    return e.CaseOrientationOutcomeRecorded(
        case_id=uuid.uuid4(),
        activity_id=activity_id,
        beneficiary_pid=uuid.uuid4(),
        outcome=value,
        recorded_on=date(2026, 3, 9),
    )


def deleted(activity_id: uuid.UUID) -> e.CaseActivityDeleted:
    return e.CaseActivityDeleted(
        case_id=uuid.uuid4(), activity_id=activity_id, beneficiary_pid=uuid.uuid4(), kind="orientation"
    )


def test_an_outcome_folds_into_the_upsert_of_its_orientation():
    a = uuid.uuid4()
    writes = recorded(
        ("t1", projections.activity_recorded, orientation(a)),
        ("t1", projections.orientation_outcome, outcome(a, "not_followed")),
        ("t1", projections.orientation_outcome, outcome(a, "followed")),
    ).writes
    assert len(writes) == 1
    statement, _, values = writes[0]
    assert statement.is_insert
    assert values["outcome"] == "followed" and values["activity_id"] == a and values["tenant_id"] == "t1"
    assert projections.FACT_TENANT not in values


def test_an_outcome_of_another_tenant_or_after_a_delete_stays_apart():
    a, b = uuid.uuid4(), uuid.uuid4()
    writes = recorded(
        ("t1", projections.activity_recorded, orientation(a)),
        ("t2", projections.orientation_outcome, outcome(a)),  # names t1's orientation: changes nothing
        ("t1", projections.activity_recorded, orientation(b)),
        ("t1", projections.activity_deleted, deleted(b)),
        ("t1", projections.orientation_outcome, outcome(b)),
    ).writes
    kinds = [("insert" if w[0].is_insert else "update" if w[0].is_update else "delete", w[1]) for w in writes]
    assert kinds == [("insert", "t1"), ("update", "t2"), ("insert", "t1"), ("delete", "t1"), ("update", "t1")]
    assert "outcome" not in writes[0][2]


def test_each_rows_writes_keep_their_order_and_different_rows_go_together():
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    writes = recorded(
        ("t1", projections.activity_recorded, orientation(a)),
        ("t1", projections.activity_recorded, orientation(b)),
        ("t1", projections.activity_recorded, orientation(a, date(2026, 3, 5))),  # a correction of a
        ("t1", projections.activity_recorded, orientation(c)),
    ).writes
    groups = rounds(writes)
    assert [[w[2]["activity_id"] for w in group] for group in groups] == [[a, b, c], [a]]
    assert groups[1][0][2]["occurred_on"] == date(2026, 3, 5)
