"""The pages under their strict Content-Security-Policy: the browser refuses nothing they use, and
the confirmation of an erasure (a script file, no inline handler) still asks."""

from __future__ import annotations

from passerelle.auth import Role
from tests.cases.conftest import open_case

PAGES = {
    Role.MEDIATOR: [
        "/referral/orientations",
        "/cases/accompagnements",
        "/outreach/aller-vers",
        "/outreach/aller-vers/nouvelle",
        "/outreach/partenaires",
        "/outreach/calendrier",
        "/cases/agenda?vue=semaine",
    ],
    Role.COORDINATOR: ["/reporting/indicateurs", "/reporting/rapport", "/cases/journal"],
    Role.OPERATOR: ["/reporting/departement"],
}


def violations_on(page, platform, tenant, role: Role, paths: list[str]) -> list[str]:
    page.context.clear_cookies()
    page.context.add_cookies(tenant.browser_cookies(role))
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    for path in paths:
        answer = page.goto(f"{platform.origin}{path}")
        assert answer.status == 200, path
        assert "content-security-policy" in answer.headers, path
    return refused


def test_the_main_pages_break_no_rule_of_their_content_security_policy(platform, tenant_a, page):
    case = open_case(tenant_a)
    public = ["/referral/deconnecte", f"/referral/fiche/{tenant_a.tenant}", "/referral/suivi"]
    refused = violations_on(page, platform, tenant_a, Role.MEDIATOR, public)
    refused += violations_on(
        page, platform, tenant_a, Role.MEDIATOR, [*PAGES[Role.MEDIATOR], f"/cases/accompagnements/{case['id']}"]
    )
    refused += violations_on(page, platform, tenant_a, Role.COORDINATOR, PAGES[Role.COORDINATOR])
    refused += violations_on(page, platform, tenant_a, Role.OPERATOR, PAGES[Role.OPERATOR])
    assert refused == []


def test_an_erasure_still_asks_for_confirmation_without_inline_script(platform, tenant_a, page):
    case = open_case(tenant_a)
    page.context.add_cookies(tenant_a.browser_cookies(Role.MEDIATOR))
    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}/export")
    asked: list[str] = []

    def refuse(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.locator("form[data-confirm] button[type=submit]").click()
    assert asked and "Effacer définitivement" in asked[0]
    identity = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()
    assert identity["last_name"] == "Durand"  # refused: nothing erased
