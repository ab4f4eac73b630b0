"""On a phone (390 px), the header takes one row (every link in its menu) and the lists are cards: the inbox with each
referral's status, the outreach list with its head counts, nothing to scroll sideways. At a desk,
the same pages are tables, the pages' links in the header and the administration's in the menu."""

from __future__ import annotations

from playwright.sync_api import expect

from passerelle import clock
from passerelle.auth import Role
from tests.support import referral_body

LABEL_OF_CELL = "(cell) => getComputedStyle(cell, '::before').content"


def one_row(page) -> bool:
    """The header's visible items all sit on the same line (their middles at the same height)."""
    middles = page.evaluate(
        """() => [...document.querySelectorAll('header nav > ul > li')]
            .filter((item) => item.offsetParent !== null)
            .map((item) => item.getBoundingClientRect())
            .map((box) => Math.round(box.top + box.height / 2))"""
    )
    return len(middles) >= 2 and max(middles) - min(middles) <= 4


def nothing_scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_on_a_phone_the_header_is_one_row_and_the_lists_are_cards(platform, tenant_a, page, screenshot):
    tenant_a.register(name="CPTS du Piémont cévenol")
    tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).raise_for_status()
    tenant_a.http("outreach", Role.MEDIATOR).post(
        "/actions",
        json={
            "kind": "street_outreach",
            "occurred_on": clock.today().isoformat(),
            "people_met": 9,
            "people_redirected": 2,
            "commune": "Saint-Ambroix",
        },
    ).raise_for_status()
    page.context.add_cookies(tenant_a.browser_cookies(Role.COORDINATOR))  # the role with the most links
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{platform.origin}/referral/orientations")
    assert one_row(page)
    expect(page.get_by_role("link", name="Indicateurs")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()  # the pages' links are in the menu
    expect(page.get_by_role("link", name="Indicateurs")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.keyboard.press("Escape")
    referral = page.locator("table.cards tbody tr").first
    expect(referral.locator(".badge")).to_have_text("À traiter")
    assert "Statut" in referral.locator("td").nth(3).evaluate(LABEL_OF_CELL)
    expect(page.locator("table.cards thead")).not_to_be_in_viewport()
    assert nothing_scrolls_sideways(page)
    screenshot("orientations-telephone")

    page.goto(f"{platform.origin}/outreach/aller-vers")
    assert one_row(page)
    action = page.locator("table.cards tbody tr").first
    counts = action.locator("td").nth(3)
    expect(counts).to_have_text("9")
    assert "Personnes rencontrées" in counts.evaluate(LABEL_OF_CELL)
    assert "dont réorientées" in action.locator("td").nth(4).evaluate(LABEL_OF_CELL)
    assert nothing_scrolls_sideways(page)
    screenshot("aller-vers-telephone")

    page.set_viewport_size({"width": 1280, "height": 900})  # at a desk: a table, the links in the header
    page.goto(f"{platform.origin}/referral/orientations")
    expect(page.get_by_role("link", name="Indicateurs")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Statut")).to_be_visible()
    assert referral.locator("td").nth(3).evaluate(LABEL_OF_CELL) == "none"
    screenshot("orientations-bureau")
    assert one_row(page)
    expect(page.get_by_role("link", name="Équipe")).to_be_hidden()  # administration: in the account's menu
    page.locator("#account-menu summary").click()
    expect(page.get_by_role("link", name="Équipe")).to_be_visible()
