"""Accessibility as a test: axe-core (npm, a development dependency) run in Chromium on every page,
as each role opens it, on a phone (390 px) and at a desk (1280 px); no critical or serious violation.

Every page shows its content: a referral, a case with its activities, an outreach action and a
partner exist, and the year's figures have something to count. The fiche is also read as it comes
back with its errors."""

from __future__ import annotations

import pytest

from passerelle import clock
from passerelle.auth import Role
from tests.browser.axe import violations
from tests.cases.conftest import open_case
from tests.support import referral_body

WIDTHS = (390, 1280)


def pages_of_each_role(tenant, case: dict, referral: dict, action: dict) -> dict[Role | None, list[str]]:
    """What each role opens (None: someone without an account)."""
    year = clock.today().year
    return {
        None: [
            f"/referral/fiche/{tenant.tenant}",
            f"/referral/fiche/{tenant.tenant}/confidentialite",
            f"/referral/fiche/{tenant.tenant}/envoyee?code=ABCD-EFGH",
            "/referral/suivi",
            "/referral/deconnecte",
            "/referral/glossaire",
        ],
        Role.REFERRER: ["/referral/mes-orientations"],
        Role.MEDIATOR: [
            "/referral/orientations",
            f"/referral/orientations/{referral['id']}",
            "/cases/accompagnements",
            "/cases/recherche?q=Durand",
            "/cases/agenda?vue=semaine&equipe=1",
            "/cases/agenda",
            f"/cases/accompagnements/ouvrir?action={action['id']}",
            "/referral/resume-quotidien",
            f"/cases/accompagnements/{case['id']}",
            f"/cases/accompagnements/{case['id']}/export",
            "/outreach/aller-vers",
            "/outreach/aller-vers/nouvelle",
            f"/outreach/aller-vers/{action['id']}",
            "/outreach/calendrier",
            "/outreach/partenaires",
        ],
        Role.COORDINATOR: [
            f"/reporting/indicateurs?annee={year}",
            f"/reporting/rapport?annee={year}",
            "/cases/journal",
            "/cases/conservation",
            "/cases/partenaires",
            "/cases/import",
            "/outreach/import",
            "/referral/equipe",
        ],
        Role.OPERATOR: ["/reporting/departement", "/reporting/abonnes", "/referral/equipe"],
    }


@pytest.fixture
def content(platform, tenant_a):
    tenant_a.register(name="CPTS Accessible")
    case = open_case(tenant_a)
    cases = tenant_a.http("cases", Role.MEDIATOR)
    today = clock.today().isoformat()
    for activity in (
        {"kind": "appointment", "mode": "drop_in", "occurred_on": today},
        {"kind": "procedure", "scheme": "AME", "channel": "standard", "occurred_on": today},
        {"kind": "orientation", "partner_type": "gp", "partner_name": "Maison de santé", "occurred_on": today},
    ):
        cases.post(f"/cases/{case['id']}/activities", json=activity).raise_for_status()
    coming = {"starts_at": f"{today}T23:30:00", "place": "Centre social", "with_whom": "PASS"}
    cases.post(f"/cases/{case['id']}/appointments", json=coming).raise_for_status()  # the case file's, the agenda's
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    action = outreach.post("/actions", json={"kind": "drop_in", "occurred_on": today, "people_met": 6}).json()
    outreach.post("/partners", json={"name": "CCAS de Vienne", "type": "social"}).raise_for_status()
    return pages_of_each_role(tenant_a, case, referral, action)


def test_no_page_has_a_critical_or_serious_accessibility_violation(chromium, platform, tenant_a, content):
    found: dict[str, list[str]] = {}
    for role, paths in content.items():
        context = chromium.new_context(locale="fr-FR", bypass_csp=True)  # axe is added as a script of the page
        if role is not None:
            context.add_cookies(tenant_a.browser_cookies(role))
        page = context.new_page()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                answer = page.goto(f"{platform.origin}{path}")
                assert answer.status == 200, (role, path, answer.status)
                if problems := violations(page):
                    found[f"{role or 'public'} {width}px {path}"] = problems
        if role is None:  # the fiche as it comes back with its errors
            page.goto(f"{platform.origin}/referral/fiche/{tenant_a.tenant}")
            page.locator("form[method=post] button[type=submit]").first.click()
            page.wait_for_load_state()
            if problems := violations(page):
                found["public fiche with errors"] = problems
        context.close()
    assert not found, "\n".join(f"{where}: {problems}" for where, problems in found.items())
