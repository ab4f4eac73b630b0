"""« Rechercher une personne »: one box for a name (accents, case and a typo aside), a birth date or a
phone, across the tenant's case files and referrals, saying what each hit is and its status; likely
duplicates flagged as at intake; another tenant's people never found."""

from __future__ import annotations

import html

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import page_client, referral_body

ELOISE = {
    "last_name": "Lefèvre-Dupont",
    "first_name": "Éloïse",
    "birth_date": "1988-11-03",
    "phone": "07 98 76 54 32",
    "postal_code": "30100",
    "commune": "Alès",
}


def hits(page, kind: str) -> list[str]:
    """The hits of one kind, as their lines read."""
    text = html.unescape(page.text)
    return [chunk.split("</li>")[0] for chunk in text.split(f'data-kind="{kind}"')[1:]]


def test_one_box_finds_a_person_in_the_case_files_and_the_referrals(platform, tenant_a, tenant_b):
    case = open_case(tenant_a)  # Durand Aline, accepted: a case file and its referral
    referrer = tenant_a.http("referral", Role.REFERRER)
    for _ in range(2):  # Éloïse, referred twice: a likely duplicate
        referrer.post("/referrals", json=referral_body(beneficiary=ELOISE)).raise_for_status()
    open_case(tenant_b)  # another tenant's Durand Aline
    pages = page_client(platform, tenant_a)

    found = pages.get("/cases/recherche", params={"q": "durant aline"})  # a typo
    assert found.status_code == 200
    [case_hit] = hits(found, "case")
    assert f"/accompagnements/{case['id']}" in case_hit and "Dossier en cours" in case_hit
    referrals = pages.get("/referral/recherche", params={"q": "durant aline"}, headers={"HX-Request": "true"})
    [referral_hit] = hits(referrals, "referral")
    assert f"/orientations/{case['referral_id']}" in referral_hit and "Orientation acceptée" in referral_hit
    assert "/referral/recherche?q=durant+aline" in found.text  # the page loads the referrals beside

    by_name = pages.get("/referral/recherche", params={"q": "lefevre dupont eloise"}, headers={"HX-Request": "true"})
    eloise = hits(by_name, "referral")
    assert len(eloise) == 2 and all("Orientation à traiter" in h and "doublon probable" in h for h in eloise)
    assert hits(pages.get("/cases/recherche", params={"q": "lefevre"}), "case") == []  # no case file yet

    for typed in ("12/04/1961", "1961-04-12", "06 12 34 56 78", "+33 6 12 34 56 78", "Aline 12/04/1961"):
        assert len(hits(pages.get("/cases/recherche", params={"q": typed}), "case")) == 1, typed
    assert len(hits(pages.get("/referral/recherche", params={"q": "07.98.76.54.32"}), "referral")) == 2
    assert hits(pages.get("/cases/recherche", params={"q": "Durand 01/01/1970"}), "case") == []  # not her birth
    assert hits(pages.get("/cases/recherche", params={"q": "Martin Paul"}), "case") == []


def test_nobody_else_searches(platform, tenant_a):
    referrer = page_client(platform, tenant_a, Role.REFERRER)
    assert referrer.get("/cases/recherche", params={"q": "Durand"}, follow_redirects=False).status_code in (
        302,
        303,
        403,
    )
    assert referrer.get("/referral/recherche", params={"q": "Durand"}, follow_redirects=False).status_code in (
        302,
        303,
        403,
    )
