"""The outreach pages through the proxy: another tenant's action is a French 404; the calendar and
the partner directory show the tenant's own."""

from __future__ import annotations

from passerelle.auth import Role
from tests.support import page_client as browser


def test_outreach_pages_show_only_the_tenants_own(platform, tenant_a, tenant_b):
    action = (
        tenant_a.http("outreach", Role.MEDIATOR)
        .post("/actions", json={"kind": "drop_in", "occurred_on": "2026-03-10", "people_met": 7, "commune": "Vienne"})
        .json()
    )
    tenant_a.http("outreach", Role.MEDIATOR).post("/partners", json={"name": "CCAS de Vienne", "type": "social"})
    own, other = browser(platform, tenant_a), browser(platform, tenant_b)
    assert "Vienne" in own.get("/outreach/calendrier", params={"mois": "2026-03"}).text
    assert "CCAS de Vienne" in own.get("/outreach/partenaires").text
    answer = other.get(f"/outreach/aller-vers/{action['id']}")
    assert answer.status_code == 404 and "Introuvable" in answer.text
    assert other.post(f"/outreach/aller-vers/{action['id']}/orienter").status_code == 404
    assert "Vienne" not in other.get("/outreach/calendrier", params={"mois": "2026-03"}).text
    assert "CCAS de Vienne" not in other.get("/outreach/partenaires").text


def test_a_partner_form_error_is_said_in_french(platform, tenant_a):
    answer = browser(platform, tenant_a).post("/outreach/partenaires", data={"name": "", "type": "circus"})
    assert answer.status_code == 422
    assert 'id="name-error">Ce champ est obligatoire.' in answer.text
    assert 'id="type-error">Choisissez une des valeurs proposées.' in answer.text
