"""Partners counted once: an orientation names a structure of the partner directory (the tenant's, or one
shared with the département), by its id or by a name the directory has (accents, case and small words
aside); a new one is added to the directory (the outreach service's too); reporting counts partners by
id; the names orientations gave before the directory are matched by a coordinator, never silently."""

from __future__ import annotations

import html
import uuid
from datetime import timedelta

from passerelle import clock
from passerelle.auth import Role
from tests.support import eventually, indicators, page_client

CCAS = {"name": "CCAS d'Alès", "type": "social", "commune": "Alès"}


def register(tenant, partner: dict, *, shared: bool = False) -> dict:
    """A structure of the tenant's directory (outreach), once the cases service knows it too."""
    registered = tenant.http("outreach", Role.MEDIATOR).post("/partners", json={**partner, "shared": shared}).json()
    cases = tenant.http("cases", Role.MEDIATOR)
    eventually(
        lambda: registered["id"] in {p["id"] for p in cases.get("/orientation-partners").json()},
        what="the cases service learnt the partner from its event",
    )
    return registered


def orient(mediator, case: dict, **partner):
    body = {"kind": "orientation", "partner_type": "social_worker", "occurred_on": clock.today().isoformat()}
    return mediator.post(f"/cases/{case['id']}/activities", json=body | partner)


def this_month(tenant) -> dict[str, int]:
    today = clock.today()
    start = today.replace(day=1)
    return indicators(tenant.http("reporting", Role.COORDINATOR), start, (start + timedelta(days=32)).replace(day=1))


def test_two_spellings_and_a_choice_by_id_are_one_partner_counted_once(tenant_a, case, mediator):
    ccas = register(tenant_a, CCAS)
    assert [p["name"] for p in mediator.get("/orientation-partners", params={"q": "ccas ales"}).json()] == [
        "CCAS d'Alès"
    ]
    named = [orient(mediator, case, partner_name=name).json() for name in ("CCAS Alès", "ccas d'ales")]
    chosen = orient(mediator, case, partner_id=ccas["id"]).json()
    for orientation in (*named, chosen):
        assert orientation["details"]["partner_id"] == ccas["id"]
        assert orientation["details"]["partner_name"] == "CCAS d'Alès"  # the directory's name, not the typing

    eventually(
        lambda: (this_month(tenant_a)["orientations_proposed"], this_month(tenant_a)["partners_involved"]) == (3, 1),
        what="three orientations, one partner",
    )
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    eventually(
        lambda: {p["id"]: p for p in outreach.get("/partners").json()}[ccas["id"]]["orientations"] == 3,
        what="the directory counts the partner's orientations by its id",
    )


def test_a_name_the_directory_lacks_is_added_to_it_or_refused_when_asked(tenant_a, case, mediator):
    refused = orient(mediator, case, partner_name="Épicerie solidaire du Gardon", new_partner=False)
    assert refused.status_code == 422
    assert [(e["field"], e["reason"]) for e in refused.json()["errors"]] == [
        ("partner_name", "not in the partner directory")
    ]

    added = orient(mediator, case, partner_name="Épicerie solidaire du Gardon").json()
    partner_id = added["details"]["partner_id"]
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    listed = eventually(
        lambda: {p["id"]: p for p in outreach.get("/partners").json()}.get(partner_id),
        what="the outreach directory has the structure, under the same id",
    )
    assert (listed["name"], listed["type"], listed["ours"]) == ("Épicerie solidaire du Gardon", "social", True)
    again = orient(mediator, case, partner_name="epicerie solidaire gardon").json()
    assert again["details"]["partner_id"] == partner_id  # not a second structure
    assert len([p for p in outreach.get("/partners").json() if "Gardon" in p["name"]]) == 1


def test_another_tenants_partner_only_when_it_shares_it(tenant_a, tenant_b, case, mediator):
    town = f"Bessèges-{uuid.uuid4().hex[:6]}"  # other tests' tenants share their partners too
    private = register(tenant_b, {**CCAS, "name": f"Cabinet infirmier de {town}"})
    shared = register(tenant_b, {**CCAS, "name": f"PASS de l'hôpital de {town}", "type": "health"}, shared=True)

    refused = orient(mediator, case, partner_id=private["id"])
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "partner_id"
    found = mediator.get("/orientation-partners", params={"q": f"pass hopital {town}"}).json()
    assert (found[0]["id"], found[0]["ours"]) == (shared["id"], False)  # then names alike, other tests' too
    assert private["id"] not in {p["id"] for p in found}
    assert town not in mediator.get("/orientation-partners", params={"q": f"cabinet {town}"}).text
    assert orient(mediator, case, partner_id=shared["id"]).json()["details"]["partner_name"] == shared["name"]
    # the same name typed in tenant_a is the shared structure, not a new one of tenant_a's
    typed = f"PASS hôpital {town.replace('è', 'e')}"
    assert orient(mediator, case, partner_name=typed).json()["details"]["partner_id"] == shared["id"]


def test_names_given_before_the_directory_are_matched_by_a_coordinator(platform, tenant_a, case, mediator):
    ccas = register(tenant_a, CCAS)
    before = []
    for name in ("CCAS Alès", "C.C.A.S d'Alès", "Centre social La Clède"):  # as stored before the directory
        appointment = mediator.post(
            f"/cases/{case['id']}/activities",
            json={"kind": "appointment", "mode": "drop_in", "occurred_on": clock.today().isoformat()},
        ).json()
        platform.postgres.psql(
            "UPDATE activities SET kind = 'orientation', details = jsonb_build_object("
            f"'partner_type', 'social_worker', 'partner_name', '{name.replace(chr(39), chr(39) * 2)}')"
            f" WHERE id = '{appointment['id']}'",
            "cases",
        )
        before.append(appointment["id"])

    coordinator = tenant_a.http("cases", Role.COORDINATOR)
    assert mediator.get("/orientation-partners/unmatched").status_code == 403
    proposed = {u["name"]: u for u in coordinator.get("/orientation-partners/unmatched").json()}
    assert set(proposed) == {"CCAS Alès", "C.C.A.S d'Alès", "Centre social La Clède"}
    assert [p["id"] for p in proposed["CCAS Alès"]["proposals"]][:1] == [ccas["id"]]
    assert proposed["Centre social La Clède"]["proposals"] == []  # nothing alike: to be added

    pages = page_client(platform, tenant_a, Role.COORDINATOR)
    page = pages.get("/cases/partenaires")
    assert page.status_code == 200 and "C.C.A.S d'Alès" in html.unescape(page.text) and "Confirmer" in page.text
    done = pages.post("/cases/partenaires/rapprocher", data={"name": "CCAS Alès", "partner_id": ccas["id"]})
    assert done.status_code == 303
    assert "1 orientation rattachée" in pages.get(done.headers["location"]).text
    answer = coordinator.post(
        "/orientation-partners/unmatched/match", json={"name": "C.C.A.S d'Alès", "partner_id": ccas["id"]}
    )
    assert answer.json() == {"matched": 1}
    added = coordinator.post(
        "/orientation-partners/unmatched/match", json={"name": "Centre social La Clède", "new_type": "social"}
    )
    assert added.json() == {"matched": 1}
    assert coordinator.get("/orientation-partners/unmatched").json() == []
    assert "rien à rattacher" in pages.get("/cases/partenaires").text

    timeline = {a["id"]: a for a in mediator.get(f"/cases/{case['id']}").json()["timeline"]}
    first = timeline[before[0]]
    assert first["details"]["partner_id"] == ccas["id"] and first["details"]["partner_name"] == "CCAS d'Alès"
    assert first["revisions"][-1]["before"]["details"]["partner_name"] == "CCAS Alès"  # its history kept
    eventually(
        lambda: (this_month(tenant_a)["orientations_proposed"], this_month(tenant_a)["partners_involved"]) == (3, 2),
        what="reporting follows the corrections: the CCAS once, the centre social once",
    )


def test_the_orientation_form_offers_the_directory_as_the_mediator_types(platform, tenant_a, case):
    ccas = register(tenant_a, CCAS)
    pages = page_client(platform, tenant_a)
    offered = pages.get("/cases/partenaires/choix", params={"partner_name": "ccas ale"})
    assert ccas["id"] in offered.text and "Ajouter « ccas ale »" in offered.text
    exact = pages.get("/cases/partenaires/choix", params={"partner_name": "CCAS Alès"})
    assert ccas["id"] in exact.text and "Ajouter" not in exact.text  # it is that structure

    form = {"kind": "orientation", "occurred_on": clock.today().isoformat(), "partner_type": "social_worker"}
    url = f"/cases/accompagnements/{case['id']}/activites"
    unknown = pages.post(url, data=form | {"partner_name": "Maison des solidarités", "cle_envoi": str(uuid.uuid4())})
    assert unknown.status_code == 422
    said = html.unescape(unknown.text)
    assert "pas dans l'annuaire" in said and "Ajouter « Maison des solidarités » à l'annuaire" in said
    assert (
        pages.post(url, data=form | {"partner_name": "Maison des solidarités", "partner_id": "nouveau"}).status_code
        == 303
    )
    assert pages.post(url, data=form | {"partner_name": "ccas", "partner_id": ccas["id"]}).status_code == 303
    names = [
        a["details"]["partner_name"]
        for a in tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()["timeline"]
    ]
    assert sorted(names) == ["CCAS d'Alès", "Maison des solidarités"]
