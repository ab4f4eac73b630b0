"""Outreach actions: every field refused clearly, head counts coherent, series, corrections."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from passerelle import clock
from passerelle.auth import Role
from passerelle.contracts import topics
from tests.support import eventually, headers_of, read_topic

MARAUDE = {
    "kind": "street_outreach",
    "occurred_on": "2026-03-10",
    "people_met": 14,
    "people_redirected": 2,
    "commune": "Alès",
    "neighbourhood": "QPV Près-Saint-Jean",
    "themes": ["access_to_rights", "addictions"],
    "duration_minutes": 150,
    "notes": "Froid, distribution de couvertures avec la Croix-Rouge.",
}


@pytest.mark.parametrize(
    "changes, field, reason",
    [
        ({"kind": "picnic"}, "kind", "street_outreach"),
        (
            {"occurred_on": (clock.today() + timedelta(days=2)).isoformat()},
            "occurred_on",
            "plan future ones as a series",
        ),
        ({"people_met": -1}, "people_met", "greater than or equal to 0"),
        ({"people_redirected": -2}, "people_redirected", "greater than or equal to 0"),
        ({"people_met": 2, "people_redirected": 3}, "body", "cannot exceed people_met"),
        ({"themes": ["astrology"]}, "themes.0", "nutrition"),
        ({"duration_minutes": 0}, "duration_minutes", "greater than or equal to 1"),
        ({"commune": "x" * 101}, "commune", "at most 100"),
        ({"notes": "x" * 2001}, "notes", "at most 2000"),
        ({"partner_ids": ["not-a-uuid"]}, "partner_ids.0", "UUID"),
        ({"visitor_names": ["Aline"]}, "visitor_names", "not permitted"),
    ],
)
def test_a_faulty_field_is_named_with_its_reason(tenant_a, changes, field, reason):
    answer = tenant_a.http("outreach", Role.MEDIATOR).post("/actions", json={**MARAUDE, **changes})
    assert answer.status_code == 422
    errors = {e["field"]: e["reason"] for e in answer.json()["errors"]}
    assert reason in errors[field], errors


def test_an_action_is_recorded_filtered_and_announced_without_personal_data(platform, tenant_a):
    mediator = tenant_a.http("outreach", Role.MEDIATOR)
    action = mediator.post("/actions", json=MARAUDE).json()
    mediator.post("/actions", json={"kind": "drop_in", "occurred_on": "2026-03-12", "people_met": 5}).raise_for_status()

    def ids(**params):
        return [a["id"] for a in mediator.get("/actions", params=params).json()["items"]]

    assert ids(kind="street_outreach") == [action["id"]]
    assert ids(theme="addictions") == [action["id"]]
    assert ids(commune="alès") == [action["id"]]
    assert len(ids(**{"from": "2026-03-11", "to": "2026-03-31"})) == 1

    records = eventually(
        lambda: [
            r
            for r in read_topic(platform.kafka.admin, topics.OUTREACH, seconds=1)
            if headers_of(r).get("ce_subject") == action["id"]
        ],
        what="the event",
    )
    payload = json.loads(records[0].value)
    assert payload["people_met"] == 14 and payload["themes"] == ["access_to_rights", "addictions"]
    assert "notes" not in payload and "recorded_by" not in payload  # free text and people stay here


def test_a_weekly_series_plans_its_occurrences_each_recorded_later(tenant_a):
    mediator = tenant_a.http("outreach", Role.MEDIATOR)
    first = clock.today() - timedelta(weeks=2)
    planned = mediator.post(
        "/series",
        json={
            "kind": "drop_in",
            "first": first.isoformat(),
            "until": (first + timedelta(weeks=4, days=3)).isoformat(),
            "commune": "Bessèges",
            "themes": ["access_to_rights"],
        },
    )
    assert planned.status_code == 201, planned.text
    occurrences = planned.json()
    assert [o["occurred_on"] for o in occurrences] == [(first + timedelta(weeks=n)).isoformat() for n in range(5)]
    assert {o["status"] for o in occurrences} == {"planned"} and len({o["series_id"] for o in occurrences}) == 1

    past, future = occurrences[0], occurrences[-1]
    recorded = mediator.put(
        f"/actions/{past['id']}",
        json={"people_met": 9, "people_redirected": 1, "commune": "Bessèges", "themes": ["access_to_rights"]},
    )
    assert recorded.json()["status"] == "recorded" and recorded.json()["people_met"] == 9
    too_early = mediator.put(f"/actions/{future['id']}", json={"people_met": 3})
    assert too_early.status_code == 422 and too_early.json()["errors"][0]["field"] == "occurred_on"
    assert mediator.post(f"/actions/{future['id']}/cancel").json()["status"] == "cancelled"
    assert mediator.put(f"/actions/{future['id']}", json={"people_met": 3}).status_code == 409
    month = first.strftime("%Y-%m")
    assert past["id"] in [a["id"] for a in mediator.get("/calendar", params={"month": month}).json()]
    assert mediator.get("/calendar", params={"month": "2026-13"}).status_code == 422
    long = mediator.post("/series", json={"kind": "drop_in", "first": "2026-01-05", "until": "2028-01-05"})
    assert long.status_code == 422 and long.json()["errors"][0]["field"] == "until"


def test_a_correction_keeps_head_counts_coherent(tenant_a):
    mediator = tenant_a.http("outreach", Role.MEDIATOR)
    action = mediator.post("/actions", json=MARAUDE).json()
    wrong = mediator.put(f"/actions/{action['id']}", json={"people_met": 1, "people_redirected": 2})
    assert wrong.status_code == 422
    assert (
        mediator.put(f"/actions/{action['id']}", json={"people_met": 15, "people_redirected": 2}).json()["people_met"]
        == 15
    )


def test_a_person_met_is_redirected_in_one_step_and_only_the_channel_is_announced(platform, tenant_a):
    mediator = tenant_a.http("outreach", Role.MEDIATOR)
    action = mediator.post("/actions", json=MARAUDE).json()
    assert mediator.post(f"/actions/{action['id']}/redirections", json={"channel": "referral"}).status_code == 200
    assert mediator.post(f"/actions/{action['id']}/redirections", json={"channel": "friend"}).status_code == 422

    def redirected():
        return [
            r
            for r in read_topic(platform.kafka.admin, topics.OUTREACH, seconds=1)
            if headers_of(r).get("ce_subject") == action["id"]
            and headers_of(r)["ce_type"] == "outreach.person_redirected"
        ]

    [event] = eventually(redirected, what="outreach.person_redirected")
    assert set(json.loads(event.value)) == {"action_id", "channel", "redirected_on"}
