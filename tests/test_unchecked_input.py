"""Input that PostgreSQL would refuse deep inside a use case is refused at the door: 422, never a 500."""

from __future__ import annotations

import pytest

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import page_client, public_client, referral_body

BEYOND_BIGINT = str(2**63)


@pytest.mark.parametrize("service, path", [("referral", "/referrals"), ("cases", "/cases"), ("outreach", "/actions")])
def test_an_offset_or_limit_out_of_range_is_422(tenant_a, service, path):
    client = tenant_a.http(service, Role.MEDIATOR)
    for params in ({"offset": BEYOND_BIGINT}, {"offset": "1000001"}, {"limit": BEYOND_BIGINT}, {"offset": "-1"}):
        assert client.get(path, params=params).status_code == 422, params
    assert client.get(path, params={"offset": "1000000", "limit": "1"}).json()["items"] == []


@pytest.mark.parametrize(
    "service, path, name",
    [
        ("referral", "/referrals", "name"),
        ("cases", "/cases", "name"),
        ("outreach", "/actions", "commune"),
        ("outreach", "/actions", "kind"),
    ],
)
def test_a_nul_character_in_a_filter_is_422(tenant_a, service, path, name):
    answer = tenant_a.http(service, Role.MEDIATOR).get(path, params={name: "Dur\x00and"})
    assert answer.status_code == 422 and "NUL" in answer.text


def test_a_nul_character_in_free_text_is_422_and_nothing_is_recorded(platform, tenant_a):
    case = open_case(tenant_a)
    cases = tenant_a.http("cases", Role.MEDIATOR)
    note = cases.post(
        f"/cases/{case['id']}/activities",
        json={"kind": "note", "occurred_on": "2026-02-03", "comment": "à rappeler\u0000"},
    )
    assert note.status_code == 422
    assert cases.get(f"/cases/{case['id']}").json()["timeline"] == case["timeline"]
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    assert outreach.post("/partners", json={"name": "CCAS\x00", "type": "social"}).status_code == 422
    referral = referral_body(observations="N'a plus de médecin\x00")
    assert tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral).status_code == 422
    assert public_client(platform).post("/public/tenants/nul%00here/referrals", json=referral).status_code == 422
    form = page_client(platform, tenant_a).post(
        f"/cases/accompagnements/{case['id']}/activites",
        data={"kind": "note", "occurred_on": "2026-02-03", "comment": "a\x00"},
    )
    assert form.status_code == 422 and "NUL" in form.text
    assert cases.get(f"/cases/{case['id']}").json()["timeline"] == case["timeline"]


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(tenant_a):
    body = b'{"name": "Le \\\\u0000 des archives", "type": "social"}'  # the text: Le \u0000 des archives
    answer = tenant_a.http("outreach", Role.MEDIATOR).post(
        "/partners", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 201 and answer.json()["name"] == "Le \\u0000 des archives"
