"""The case file says why: what the referral's fiche said (motifs, difficulties, observations, the referrer)
is on the case file opened from it, its difficulties start the « Freins repérés » (editable), and it goes
with the person's identity at erasure."""

from __future__ import annotations

import html

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import eventually, page_client, referral_body


def test_the_case_file_shows_why_the_person_was_referred_and_starts_its_barriers(platform, tenant_a, mediator):
    case = open_case(tenant_a)  # the fiche: isolation and digital exclusion, "N'a plus de médecin traitant…"
    why = case["referral_context"]
    assert why["observations"] == "N'a plus de médecin traitant depuis 2 ans."
    assert (why["referrer"]["name"], why["referrer"]["structure"]) == ("Dr Martin", "Cabinet du Pont")
    assert why["reasons"] == ["care_rupture", "rights_access"]
    assert case["barriers"] == ["digital", "isolation"]

    page = html.unescape(page_client(platform, tenant_a).get(f"/cases/accompagnements/{case['id']}").text)
    context = page.split('id="referral-context"')[1].split("</article>")[0]
    for said in (
        "Pourquoi cette orientation",
        "Rupture de soins",
        "Isolement",
        "Dr Martin",
        "Cabinet du Pont",
        "N'a plus de médecin traitant depuis 2 ans.",
    ):
        assert said in context, said
    assert "Freins repérés : Numérique, Isolement" in page or "Freins repérés : Isolement, Numérique" in page

    changed = mediator.put(f"/cases/{case['id']}/barriers", json={"barriers": ["no_gp"]})
    assert changed.json()["barriers"] == ["no_gp"]  # the mediator's to confirm or change

    erased = mediator.post(f"/cases/{case['id']}/erase").json()
    assert erased["referral_context"] is None and erased["barriers"] == []


def test_exile_and_a_language_barrier_in_the_fiche_start_the_language_barrier(tenant_a):
    body = referral_body(difficulties=["exile", "other"], difficulty_other="barrière de la langue")
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body).json()
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
    cases = tenant_a.http("cases", Role.MEDIATOR)
    [summary] = eventually(
        lambda: cases.get("/cases", params={"referral_id": referral["id"]}).json()["items"], what="case opened"
    )
    case = cases.get(f"/cases/{summary['id']}").json()
    assert case["barriers"] == ["language"]
    assert case["referral_context"]["difficulty_other"] == "barrière de la langue"


def test_a_case_opened_directly_has_no_referral_context(mediator):
    case = mediator.post("/cases", json={"beneficiary": referral_body()["beneficiary"]}).json()
    assert case["referral_context"] is None and case["barriers"] == []
