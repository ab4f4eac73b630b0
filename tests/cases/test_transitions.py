"""Procedures, orientations and the case itself move only the allowed ways; otherwise 409."""

from __future__ import annotations

import pytest

from passerelle.auth import Role


def procedure(mediator, case) -> str:
    return mediator.post(
        f"/cases/{case['id']}/activities", json={"kind": "procedure", "scheme": "AME", "occurred_on": "2026-02-03"}
    ).json()["id"]


def orientation(mediator, case) -> str:
    return mediator.post(
        f"/cases/{case['id']}/activities",
        json={
            "kind": "orientation",
            "partner_type": "dentist",
            "partner_name": "Centre dentaire",
            "occurred_on": "2026-02-03",
        },
    ).json()["id"]


def move(mediator, case, activity_id, status, on="2026-02-10"):
    return mediator.post(
        f"/cases/{case['id']}/activities/{activity_id}/procedure-status", json={"status": status, "changed_on": on}
    )


def test_a_procedure_goes_from_started_to_submitted_to_granted(case, mediator):
    activity_id = procedure(mediator, case)
    assert move(mediator, case, activity_id, "submitted").json()["details"]["status"] == "submitted"
    granted = move(mediator, case, activity_id, "granted", on="2026-03-01").json()
    assert granted["details"]["status"] == "granted"
    assert [h["status"] for h in granted["details"]["history"]] == ["started", "submitted", "granted"]


@pytest.mark.parametrize(
    "path, then",
    [
        ([], "granted"),
        ([], "refused"),
        (["submitted", "granted"], "refused"),
        (["submitted", "refused"], "submitted"),
        (["submitted"], "submitted"),
    ],
)
def test_a_procedure_cannot_skip_or_go_back(case, mediator, path, then):
    activity_id = procedure(mediator, case)
    for status in path:
        assert move(mediator, case, activity_id, status).status_code == 200
    answer = move(mediator, case, activity_id, then)
    assert answer.status_code == 409
    assert answer.json()["current_state"] == (path[-1] if path else "started")


def test_a_status_change_cannot_be_dated_before_the_procedure(case, mediator):
    answer = move(mediator, case, procedure(mediator, case), "submitted", on="2026-01-01")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "changed_on", "reason": "cannot be before the activity itself"}]


def test_an_orientation_outcome_is_recorded_once_unknown_may_still_become_known(case, mediator):
    activity_id = orientation(mediator, case)
    url = f"/cases/{case['id']}/activities/{activity_id}/outcome"
    assert mediator.post(url, json={"outcome": "unknown", "recorded_on": "2026-02-20"}).status_code == 200
    followed = mediator.post(url, json={"outcome": "followed", "recorded_on": "2026-03-01"})
    assert followed.json()["details"]["outcome"] == "followed"
    again = mediator.post(url, json={"outcome": "not_followed", "recorded_on": "2026-03-02"})
    assert again.status_code == 409 and again.json()["current_state"] == "followed"


def test_an_outcome_is_only_for_orientations_and_a_status_only_for_procedures(case, mediator):
    orientation_id, procedure_id = orientation(mediator, case), procedure(mediator, case)
    assert move(mediator, case, orientation_id, "submitted").status_code == 409
    assert (
        mediator.post(
            f"/cases/{case['id']}/activities/{procedure_id}/outcome",
            json={"outcome": "followed", "recorded_on": "2026-03-01"},
        ).status_code
        == 409
    )


def test_a_case_is_closed_reopened_and_closed_again(case, mediator):
    url = f"/cases/{case['id']}"
    closed = mediator.post(f"{url}/close", json={"outcome": "improved", "satisfaction": 5})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["closure_outcome"] == "improved" and closed.json()["satisfaction"] == 5
    assert mediator.post(f"{url}/close", json={"outcome": "improved"}).status_code == 409
    blocked = mediator.post(f"{url}/activities", json={"kind": "note", "occurred_on": "2026-11-02", "comment": "x"})
    assert blocked.status_code == 422  # the case was not open that day (late entries: test_dates)
    assert mediator.post(f"{url}/reopen").json()["status"] == "open"
    assert mediator.post(f"{url}/reopen").status_code == 409
    assert mediator.post(f"{url}/close", json={"outcome": "lost_contact"}).json()["closure_outcome"] == "lost_contact"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"outcome": "happy"}, "outcome"),
        ({"outcome": "improved", "satisfaction": 6}, "satisfaction"),
        ({"outcome": "improved", "satisfaction": 0}, "satisfaction"),
    ],
)
def test_a_closure_names_a_known_outcome_and_a_score_from_1_to_5(case, mediator, body, field):
    answer = mediator.post(f"/cases/{case['id']}/close", json=body)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field


def test_an_orientation_outcome_can_be_recorded_after_the_case_closed(case, mediator):
    activity_id = orientation(mediator, case)
    mediator.post(f"/cases/{case['id']}/close", json={"outcome": "relayed"}).raise_for_status()
    late = mediator.post(
        f"/cases/{case['id']}/activities/{activity_id}/outcome",
        json={"outcome": "followed", "recorded_on": "2026-03-01"},
    )
    assert late.status_code == 200


def test_a_coordinator_reassigns_a_case_a_mediator_may_not(tenant_a, case):
    body = {"mediator": "mediator-2@" + tenant_a.tenant}
    assert tenant_a.http("cases", Role.MEDIATOR).post(f"/cases/{case['id']}/assign", json=body).status_code == 403
    answer = tenant_a.http("cases", Role.COORDINATOR).post(f"/cases/{case['id']}/assign", json=body)
    assert answer.json()["assigned_to"] == body["mediator"]


def test_a_closure_cannot_be_dated_before_the_case_opened(case, mediator):
    answer = mediator.post(f"/cases/{case['id']}/close", json={"outcome": "improved", "closed_on": "2020-01-01"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "closed_on", "reason": "cannot be before the case was opened"}]
