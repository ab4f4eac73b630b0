"""Each kind of activity, its fields, and a clear 422 naming the field and the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from passerelle import clock
from tests.support import referral_body

VALID = {
    "appointment": {"mode": "drop_in", "duration_minutes": 40},
    "procedure": {"scheme": "AME", "channel": "LUP"},
    "accompaniment": {"destination": "CPAM d'Alès", "duration_minutes": 120},
    "orientation": {"partner_type": "gp", "partner_name": "Maison de santé de Saint-Ambroix"},
    "medical_appointment_booked": {"specialty": "dentiste"},
    "coordination_meeting": {"meeting": "dac"},
    "note": {"comment": "A appelé pour reporter."},
}


@pytest.mark.parametrize("kind", VALID)
def test_each_kind_of_activity_is_recorded_with_its_details(case, mediator, kind):
    answer = mediator.post(
        f"/cases/{case['id']}/activities", json={"kind": kind, "occurred_on": clock.today().isoformat(), **VALID[kind]}
    )  # today: an appointment is not before the referral's receipt (test_dates)
    assert answer.status_code == 201, answer.text
    activity = answer.json()
    assert activity["kind"] == kind and activity["author"].startswith("mediator@")
    timeline = mediator.get(f"/cases/{case['id']}").json()["timeline"]
    assert [a["id"] for a in timeline] == [activity["id"]]
    if kind == "procedure":
        assert activity["details"]["status"] == "started"


@pytest.mark.parametrize(
    "body, field, reason",
    [
        ({"kind": "appointment", "occurred_on": "2026-02-03"}, "appointment.mode", "Field required"),
        ({"kind": "appointment", "mode": "telepathy", "occurred_on": "2026-02-03"}, "appointment.mode", "drop_in"),
        (
            {"kind": "appointment", "mode": "phone", "occurred_on": "2026-02-03", "duration_minutes": 0},
            "appointment.duration_minutes",
            "greater than or equal to 1",
        ),
        (
            {"kind": "appointment", "mode": "phone", "occurred_on": (clock.today() + timedelta(days=1)).isoformat()},
            "appointment.occurred_on",
            "future",
        ),
        (
            {"kind": "procedure", "scheme": "AME", "channel": "fax", "occurred_on": "2026-02-03"},
            "procedure.channel",
            "standard",
        ),
        (
            {"kind": "procedure", "scheme": "other", "occurred_on": "2026-02-03"},
            "procedure.scheme_other",
            "name the scheme",
        ),
        ({"kind": "procedure", "scheme": "CMU", "occurred_on": "2026-02-03"}, "procedure.scheme", "AME"),
        ({"kind": "accompaniment", "occurred_on": "2026-02-03"}, "accompaniment.destination", "Field required"),
        (
            {"kind": "orientation", "partner_type": "gp", "occurred_on": "2026-02-03"},
            "orientation.partner_name",
            "Field required",
        ),
        ({"kind": "note", "occurred_on": "2026-02-03"}, "note.comment", "Field required"),
        ({"kind": "note", "occurred_on": "2026-02-03", "comment": "x" * 2001}, "note.comment", "at most 2000"),
        ({"kind": "teleportation", "occurred_on": "2026-02-03"}, "body", "does not match any of the expected tags"),
        ({"kind": "note", "occurred_on": "2026-02-03", "comment": "x", "mood": "good"}, "note.mood", "not permitted"),
    ],
)
def test_a_faulty_activity_field_is_named_with_its_reason(case, mediator, body, field, reason):
    answer = mediator.post(f"/cases/{case['id']}/activities", json=body)
    assert answer.status_code == 422
    errors = {e["field"]: e["reason"] for e in answer.json()["errors"]}
    assert reason in errors[field], errors


def test_a_correction_and_a_deletion_stay_in_the_activity_revisions(mediator):
    case = mediator.post(
        "/cases", json={"beneficiary": referral_body()["beneficiary"], "opened_on": "2026-01-05"}
    ).json()
    url = f"/cases/{case['id']}/activities"
    activity = mediator.post(
        url, json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-02-03", "comment": "premier appel"}
    ).json()
    corrected = mediator.put(
        f"{url}/{activity['id']}", json={"kind": "appointment", "mode": "scheduled", "occurred_on": "2026-02-04"}
    )
    assert corrected.status_code == 200
    assert corrected.json()["occurred_on"] == "2026-02-04" and corrected.json()["details"]["mode"] == "scheduled"
    [revision] = corrected.json()["revisions"]
    assert revision["change"] == "corrected" and revision["before"]["occurred_on"] == "2026-02-03"
    assert revision["before"]["comment"] == "premier appel"
    assert (
        mediator.put(
            f"{url}/{activity['id']}", json={"kind": "note", "occurred_on": "2026-02-04", "comment": "x"}
        ).status_code
        == 422
    )

    assert mediator.delete(f"{url}/{activity['id']}").status_code == 204
    assert mediator.get(f"/cases/{case['id']}").json()["timeline"] == []
    exported = mediator.get(f"/cases/{case['id']}/export").json()
    [kept] = exported["activities"]
    assert kept["deleted_at"] and [r["change"] for r in kept["revisions"]] == ["corrected", "deleted"]
    assert mediator.delete(f"{url}/{activity['id']}").status_code == 404
