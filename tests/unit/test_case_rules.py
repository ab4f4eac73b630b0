"""The rules of a case and its timeline, on plain domain objects: no platform, milliseconds."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from cases.domain.model import Activity, Case, CaseStatus
from passerelle.errors import InvalidInput, InvalidTransition, NotFound

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def a_case(**fields) -> Case:
    case_id = uuid.uuid4()
    defaults = dict(
        id=case_id,
        tenant_id="t",
        beneficiary_pid=case_id,
        opened_on=date(2026, 3, 2),
        opened_at=AT,
        assigned_to="mediator@t",
        last_name="Durand",
        first_name="Aline",
        phone="06 12 34 56 78",
        barriers=["language"],
    )
    return Case(**{**defaults, **fields})


def an_activity(case: Case, kind: str, details: dict | None = None, **fields) -> Activity:
    defaults = dict(
        id=uuid.uuid4(),
        tenant_id=case.tenant_id,
        case_id=case.id,
        kind=kind,
        occurred_on=date(2026, 3, 10),
        author="mediator@t",
        recorded_at=AT,
        details=details or {},
    )
    return Activity(**{**defaults, **fields})


def test_a_closure_cannot_be_dated_before_the_opening():
    case = a_case()
    with pytest.raises(InvalidInput) as refused:
        case.close(outcome="improved", satisfaction=None, on=date(2026, 3, 1), at=AT)
    assert refused.value.field == "closed_on"
    assert case.status == CaseStatus.OPEN


def test_a_closed_case_takes_late_entries_of_its_open_periods_only_and_the_rest_once_reopened():
    case = a_case()  # opened on 2 March 2026
    case.close(outcome="improved", satisfaction=4, on=date(2026, 4, 1), at=AT)
    case.record_activity(an_activity(case, "note", occurred_on=date(2026, 3, 10)))  # typed late, from paper
    with pytest.raises(InvalidTransition):
        case.record_activity(an_activity(case, "appointment", occurred_on=date(2026, 4, 2)))  # after the closure
    with pytest.raises(InvalidInput):
        case.record_activity(an_activity(case, "appointment", occurred_on=date(2026, 3, 1)))  # before the opening
    with pytest.raises(InvalidInput):
        case.reopen(on=date(2026, 3, 31))  # not before the closure
    case.reopen(on=date(2026, 4, 20))
    assert (case.status, case.closed_on, case.closure_outcome, case.satisfaction) == (CaseStatus.OPEN, None, None, None)
    assert case.earlier_periods == [{"opened_on": "2026-03-02", "closed_on": "2026-04-01"}]
    case.record_activity(an_activity(case, "appointment", occurred_on=date(2026, 4, 2)))
    with pytest.raises(InvalidInput):
        case.close(outcome="moved", satisfaction=None, on=date(2026, 4, 19), at=AT)  # not before the reopening
    case.close(outcome="moved", satisfaction=None, on=date(2026, 4, 30), at=AT)
    assert case.was_open_on(date(2026, 3, 20)) and not case.was_open_on(date(2026, 4, 10))
    assert case.was_open_on(date(2026, 4, 25)) and not case.was_open_on(date(2026, 5, 1))
    assert len(case.timeline) == 2


def test_an_appointment_is_not_before_the_referrals_receipt_the_same_day_is_accepted():
    case = a_case(referral_id=uuid.uuid4(), referral_submitted_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC))
    with pytest.raises(InvalidInput):  # received on 5 March, Paris time
        case.record_activity(an_activity(case, "appointment", occurred_on=date(2026, 3, 4)))
    case.record_activity(an_activity(case, "appointment", occurred_on=date(2026, 3, 5)))
    case.record_activity(an_activity(case, "note", occurred_on=date(2026, 3, 3)))  # only appointments count
    assert len(case.timeline) == 2


def test_only_a_closed_case_can_be_reopened():
    with pytest.raises(InvalidTransition):
        a_case().reopen(on=date(2026, 4, 1))


def test_a_procedure_moves_forward_only():
    case = a_case()
    procedure = an_activity(case, "procedure", {"scheme": "ame", "status": "started"})
    procedure.move_procedure_to("submitted", on=date(2026, 3, 12))
    with pytest.raises(InvalidTransition):
        procedure.move_procedure_to("started", on=date(2026, 3, 13))
    procedure.move_procedure_to("granted", on=date(2026, 4, 2))
    assert [step["status"] for step in procedure.details["history"]] == ["submitted", "granted"]
    with pytest.raises(InvalidTransition):
        procedure.move_procedure_to("refused", on=date(2026, 4, 3))


def test_a_procedure_step_cannot_precede_the_procedure():
    procedure = an_activity(a_case(), "procedure", {"status": "started"})
    with pytest.raises(InvalidInput) as refused:
        procedure.move_procedure_to("submitted", on=date(2026, 3, 9))
    assert refused.value.field == "changed_on"


def test_an_orientation_outcome_once_known_is_final_but_unknown_may_still_turn():
    orientation = an_activity(a_case(), "orientation", {"partner_name": "PASS"})
    orientation.record_outcome("unknown", on=date(2026, 3, 20))
    orientation.record_outcome("followed", on=date(2026, 4, 1))
    with pytest.raises(InvalidTransition):
        orientation.record_outcome("not_followed", on=date(2026, 4, 2))


def test_an_outcome_belongs_to_an_orientation_still_standing():
    case = a_case()
    appointment = an_activity(case, "appointment")
    with pytest.raises(InvalidTransition):
        appointment.record_outcome("followed", on=date(2026, 3, 20))
    orientation = an_activity(case, "orientation", deleted_at=AT)
    with pytest.raises(InvalidTransition):
        orientation.record_outcome("followed", on=date(2026, 3, 20))


def test_a_deleted_activity_leaves_the_timeline_and_cannot_be_found():
    case = a_case()
    kept, deleted = an_activity(case, "appointment"), an_activity(case, "appointment", deleted_at=AT)
    case.activities += [kept, deleted]
    assert case.timeline == [kept]
    with pytest.raises(NotFound):
        case.activity(deleted.id)


def test_a_transfer_hands_the_whole_case_over_and_leaves_an_anonymous_tombstone():
    case = a_case()
    case.record_activity(an_activity(case, "appointment", comment="Vue avec sa fille"))
    received = case.transfer_to("other", at=AT)
    assert (received.tenant_id, received.last_name, received.barriers) == ("other", "Durand", ["language"])
    assert [a.comment for a in received.activities] == ["Vue avec sa fille"]
    assert (case.status, case.transferred_to, case.last_name, case.barriers) == (
        CaseStatus.TRANSFERRED,
        "other",
        None,
        [],
    )
    assert case.activities[0].comment is None


def test_erasure_removes_what_describes_the_person_and_keeps_the_counts():
    case = a_case()
    activity = an_activity(case, "appointment", comment="Habite chez sa sœur")
    case.record_activity(activity)
    activity.revise("corrected", by="mediator@t", at=AT)
    case.erase_personal_data(at=AT)
    assert all(getattr(case, name) is None for name in ("last_name", "first_name", "phone"))
    assert len(case.timeline) == 1
    assert activity.comment is None and activity.revisions[0].before["comment"] is None


def test_a_correction_of_the_case_dates_stays_within_the_facts_around_them():
    case = a_case()  # opened on 2 March 2026
    with pytest.raises(InvalidTransition):
        case.correct_dates(opened_on=None, closed_on=date(2026, 4, 1))  # open: no closure to correct
    case.close(outcome="improved", satisfaction=None, on=date(2026, 4, 1), at=AT)
    case.reopen(on=date(2026, 4, 20))
    case.close(outcome="moved", satisfaction=None, on=date(2026, 5, 1), at=AT)
    with pytest.raises(InvalidInput):
        case.correct_dates(opened_on=date(2026, 4, 2), closed_on=None)  # after the first closure
    with pytest.raises(InvalidInput):
        case.correct_dates(opened_on=None, closed_on=date(2026, 4, 19))  # before the last reopening
    case.correct_dates(opened_on=date(2026, 2, 25), closed_on=date(2026, 5, 3))
    assert (case.opened_on, case.closed_on) == (date(2026, 2, 25), date(2026, 5, 3))
    assert case.earlier_periods == [{"opened_on": "2026-02-25", "closed_on": "2026-04-01"}]
