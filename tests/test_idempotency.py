"""A reload, a double tap or a retried request never creates twice: the second answer is the first one's
(passerelle.http.idempotency). Pages: Post/Redirect/Get and a key generated with each form."""

from __future__ import annotations

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import fiche_form, page_client, public_client, referral_body

RETRIES = 6


def inbox_count(tenant, last_name: str) -> int:
    items = tenant.http("referral", Role.MEDIATOR).get("/referrals", params={"name": last_name}).json()["items"]
    return len(items)


def test_concurrent_retries_of_an_api_creation_create_once_and_all_get_the_first_answer(tenant_a):
    body, key = referral_body(beneficiary={**referral_body()["beneficiary"], "last_name": "Idem"}), str(uuid.uuid4())

    def submit(_):
        return tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body, headers={"Idempotency-Key": key})

    with ThreadPoolExecutor(RETRIES) as pool:
        answers = list(pool.map(submit, range(RETRIES)))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1 and len({a.json()["tracking_code"] for a in answers}) == 1
    assert inbox_count(tenant_a, "Idem") == 1


def test_a_key_is_its_callers_own_and_without_one_each_request_creates(tenant_a, tenant_b):
    body, key = referral_body(beneficiary={**referral_body()["beneficiary"], "last_name": "Clef"}), str(uuid.uuid4())
    headers = {"Idempotency-Key": key}
    ids = {
        tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body, headers=headers).json()["id"],
        tenant_a.http("referral", Role.MEDIATOR).post("/referrals", json=body, headers=headers).json()["id"],
        tenant_b.http("referral", Role.REFERRER).post("/referrals", json=body, headers=headers).json()["id"],
        tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body).json()["id"],
        tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body).json()["id"],
    }
    assert len(ids) == 5
    assert inbox_count(tenant_a, "Clef") == 4 and inbox_count(tenant_b, "Clef") == 1


def test_a_malformed_key_is_refused_naming_the_header(platform, tenant_a):
    tenant_a.register()
    answer = tenant_a.http("referral", Role.REFERRER).post(
        "/referrals", json=referral_body(), headers={"Idempotency-Key": "short"}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "Idempotency-Key", "reason": "8 to 200 visible characters (a UUID, for instance)"}
    ]
    public = public_client(platform).post(
        f"/public/tenants/{tenant_a.tenant}/referrals", json=referral_body(), headers={"Idempotency-Key": "x" * 201}
    )
    assert public.status_code == 422


def test_the_creations_document_the_idempotency_key_in_openapi(platform):
    creations = {
        "referral": ("/referrals", "/public/referrals", "/public/tenants/{tenant_id}/referrals"),
        "cases": ("/cases", "/cases/{case_id}/activities"),
        "outreach": ("/actions", "/partners", "/series"),
    }
    for service, paths in creations.items():
        spec = public_client(platform, service).get("/openapi.json").json()
        for path in paths:
            parameters = spec["paths"][path]["post"]["parameters"]
            [header] = [p for p in parameters if p["in"] == "header" and p["name"] == "Idempotency-Key"]
            assert "retry" in header["description"] and not header.get("required"), (service, path)


def keyed_fiche(page: str, last_name: str) -> dict:
    """The fiche's fields, with the key its page was displayed with."""
    [key] = re.findall(r'name="cle_envoi" value="([^"]+)"', page)
    return {"cle_envoi": key, **fiche_form(last_name)}


def test_the_fiche_sent_twice_or_reloaded_reaches_the_inbox_once(platform, tenant_a):
    tenant_a.register(name="CPTS des tests")
    browser = page_client(platform, tenant_a, Role.REFERRER)
    form = keyed_fiche(browser.get(f"/referral/fiche/{tenant_a.tenant}").text, "Double")
    first = browser.post(f"/referral/fiche/{tenant_a.tenant}", data=form)  # a double tap: the same form twice
    second = browser.post(f"/referral/fiche/{tenant_a.tenant}", data=form)
    assert first.status_code == second.status_code == 303  # Post/Redirect/Get
    assert first.headers["location"] == second.headers["location"]
    assert re.search(rf"/referral/fiche/{tenant_a.tenant}/envoyee\?code=[A-Z2-9-]{{14}}$", first.headers["location"])
    for _ in range(2):  # the page the browser lands on, then reloaded
        sent = browser.get(first.headers["location"])
        assert sent.status_code == 200 and "Fiche envoyée" in sent.text and 'id="tracking-code"' in sent.text
    assert inbox_count(tenant_a, "Double") == 1
    again = keyed_fiche(browser.get(f"/referral/fiche/{tenant_a.tenant}").text, "Double")
    assert again["cle_envoi"] != form["cle_envoi"]  # another display of the form: another fiche
    assert browser.post(f"/referral/fiche/{tenant_a.tenant}", data=again).status_code == 303
    assert inbox_count(tenant_a, "Double") == 2


def test_a_refused_fiche_keeps_its_key_so_that_the_corrected_one_is_sent_once(platform, tenant_a):
    tenant_a.register(name="CPTS des tests")
    browser = page_client(platform, tenant_a, Role.REFERRER)
    form = keyed_fiche(browser.get(f"/referral/fiche/{tenant_a.tenant}").text, "Corrige")
    refused = browser.post(f"/referral/fiche/{tenant_a.tenant}", data={**form, "beneficiary.postal_code": ""})
    assert refused.status_code == 422 and f'name="cle_envoi" value="{form["cle_envoi"]}"' in refused.text
    for _ in range(2):
        assert browser.post(f"/referral/fiche/{tenant_a.tenant}", data=form).status_code == 303
    assert inbox_count(tenant_a, "Corrige") == 1


def test_an_activity_retried_on_the_api_and_sent_twice_from_the_case_file_is_recorded_once(platform, tenant_a):
    case = open_case(tenant_a)
    note, key = {"kind": "note", "occurred_on": "2026-02-03", "comment": "Appel à la CPAM"}, str(uuid.uuid4())

    def record(_):
        return tenant_a.http("cases", Role.MEDIATOR).post(
            f"/cases/{case['id']}/activities", json=note, headers={"Idempotency-Key": key}
        )

    with ThreadPoolExecutor(RETRIES) as pool:
        answers = list(pool.map(record, range(RETRIES)))
    assert {a.status_code for a in answers} == {201} and len({a.json()["id"] for a in answers}) == 1
    browser = page_client(platform, tenant_a, Role.MEDIATOR)
    page = browser.get(f"/cases/accompagnements/{case['id']}").text
    [form_key] = re.findall(r'id="form-note".*?name="cle_envoi" value="([^"]+)"', page, re.S)
    form = {"cle_envoi": form_key, "kind": "note", "occurred_on": "2026-02-04", "comment": "Rappel"}
    sent = [browser.post(f"/cases/accompagnements/{case['id']}/activites", data=form) for _ in range(2)]
    assert [s.status_code for s in sent] == [303, 303]
    timeline = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()["timeline"]
    assert sorted(a["comment"] for a in timeline) == ["Appel à la CPAM", "Rappel"]


def test_a_maraude_sent_twice_counts_once(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.MEDIATOR)
    [form_key] = re.findall(r'name="cle_envoi" value="([^"]+)"', browser.get("/outreach/aller-vers/nouvelle").text)
    form = {"cle_envoi": form_key, "kind": "street_outreach", "occurred_on": "2026-02-03", "people_met": "7"}
    sent = [browser.post("/outreach/aller-vers/nouvelle", data=form) for _ in range(2)]
    assert [s.status_code for s in sent] == [303, 303] and sent[0].headers["location"] == sent[1].headers["location"]
    retried = [
        tenant_a.http("outreach", Role.MEDIATOR).post(
            "/actions",
            json={"kind": "street_outreach", "occurred_on": "2026-02-03", "people_met": 4},
            headers={"Idempotency-Key": "maraude-du-3-fevrier"},
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in retried] == [201, 201] and retried[0].json() == retried[1].json()
    actions = tenant_a.http("outreach", Role.MEDIATOR).get("/actions").json()["items"]
    assert sorted(a["people_met"] for a in actions) == [4, 7]


def test_a_partner_added_twice_is_in_the_directory_once(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.MEDIATOR)
    [form_key] = re.findall(r'name="cle_envoi" value="([^"]+)"', browser.get("/outreach/partenaires").text)
    form = {"cle_envoi": form_key, "name": "Épicerie solidaire du Pont", "type": "association"}
    assert [browser.post("/outreach/partenaires", data=form).status_code for _ in range(2)] == [303, 303]
    api = {"name": "CCAS de Bessèges", "type": "institution"}
    retried = [
        tenant_a.http("outreach", Role.MEDIATOR).post("/partners", json=api, headers={"Idempotency-Key": form_key})
        for _ in range(2)
    ]
    assert [r.status_code for r in retried] == [201, 201] and retried[0].json()["id"] == retried[1].json()["id"]
    names = [p["name"] for p in tenant_a.http("outreach", Role.MEDIATOR).get("/partners").json()]
    assert names.count("Épicerie solidaire du Pont") == 1 and names.count("CCAS de Bessèges") == 1


def test_a_series_planned_again_with_its_key_is_planned_once(tenant_a):
    series = {"kind": "drop_in", "first": "2027-01-04", "until": "2027-01-25", "commune": "Alès"}

    def plan(_):
        return tenant_a.http("outreach", Role.MEDIATOR).post(
            "/series", json=series, headers={"Idempotency-Key": "permanence-janvier"}
        )

    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(plan, range(3)))
    again = tenant_a.http("outreach", Role.MEDIATOR).post(
        "/series", json={**series, "until": "2027-02-22"}, headers={"Idempotency-Key": "permanence-janvier"}
    )
    assert {a.status_code for a in [*answers, again]} == {201}, [a.text for a in answers]
    assert len({tuple(o["id"] for o in a.json()) for a in [*answers, again]}) == 1  # the first answer, each time
    planned = tenant_a.http("outreach", Role.MEDIATOR).get("/actions", params={"status": "planned"}).json()
    assert [a["occurred_on"] for a in sorted(planned["items"], key=lambda a: a["occurred_on"])] == [
        "2027-01-04",
        "2027-01-11",
        "2027-01-18",
        "2027-01-25",
    ]
    other = tenant_a.http("outreach", Role.MEDIATOR).post(
        "/series", json=series, headers={"Idempotency-Key": "autre-clef"}
    )
    assert other.status_code == 201 and len(other.json()) == 4  # another key: another series


def test_an_invitation_sent_twice_creates_one_account_and_says_so(platform, tenant_a):
    coordinator = page_client(platform, tenant_a, Role.COORDINATOR)
    [form_key] = re.findall(r'name="cle_envoi" value="([^"]+)"', coordinator.get("/referral/equipe").text)
    username = f"double-{uuid.uuid4().hex[:8]}"
    form = {
        "cle_envoi": form_key,
        "first_name": "Nadia",
        "last_name": "Deuxfois",
        "username": username,
        "email": f"{username}@example.org",
        "roles": "mediator",
    }
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: coordinator.post("/referral/equipe/inviter", data=form), range(2)))
    assert [a.status_code for a in answers] == [200, 200], [a.text[:300] for a in answers]
    passwords = [a for a in answers if 'id="temporary-password"' in a.text]
    repeated = [a for a in answers if "Ce formulaire a déjà créé le compte" in a.text]
    assert len(passwords) == 1 and len(repeated) == 1  # the password shown once, the second told what happened
    assert username in repeated[0].text and "déjà utilisé" not in repeated[0].text
    journal = re.findall(rf"Invitation</td>\s*<td>{username}<", coordinator.get("/referral/equipe").text)
    assert len(journal) == 1
    assert platform.keycloak_admin.find_user(username)


def test_a_case_opened_again_with_its_key_is_opened_once(tenant_a):
    beneficiary = {**referral_body()["beneficiary"], "last_name": "Unefois"}
    mediator = tenant_a.http("cases", Role.MEDIATOR)

    def open_directly(_):
        return mediator.post(
            "/cases", json={"beneficiary": beneficiary}, headers={"Idempotency-Key": "accueil-unefois"}
        )

    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(open_directly, range(3)))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    caseload = mediator.get("/cases", params={"name": "Unefois"}).json()["items"]
    assert len(caseload) == 1
