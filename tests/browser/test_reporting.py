"""A coordinator reads the year's dashboard, opens the annual report and downloads its PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from passerelle.auth import Role
from tests.reporting.history import History
from tests.signing_in import sign_in_with_browser
from tests.support import eventually, indicators


def test_a_coordinator_reads_the_dashboard_and_downloads_the_annual_report(platform, tenant_a, page, screenshot):
    tenant_a.register(name="CPTS Vallée du Rhône")
    h = History(tenant_a.tenant)
    for n in range(30):
        case = h.case(date(2025, 1 + n % 12, 3))
        h.activity(case, "appointment", date(2025, 1 + n % 12, 10))
        if n % 3 == 0:
            h.activity(case, "accompaniment", date(2025, 1 + n % 12, 20))
    h.activity(h.case(date(2024, 6, 1)), "appointment", date(2024, 6, 2))
    h.action("drop_in", date(2025, 9, 15), people_met=14)
    h.publish(platform.kafka.admin)
    eventually(
        lambda: (
            indicators(tenant_a.http("reporting", Role.COORDINATOR), date(2025, 1, 1), date(2026, 1, 1))[
                "individual_appointments"
            ]
            == 30
        ),
        timeout=60,
        what="2025 counted",
    )

    page.set_viewport_size({"width": 1280, "height": 900})  # a coordinator's desk
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.COORDINATOR), next="/reporting/indicateurs")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicateurs")
    page.fill("#annee", "2025")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs 2025")
    expect(page.locator("#individual_appointments")).to_have_text("30")
    expect(page.locator("#individual_appointments-precedent")).to_have_text("1")
    expect(page.get_by_role("img", name="Entretiens individuels")).to_be_visible()
    expect(page.locator("#persons_received")).to_have_text("14")
    screenshot("tableau-de-bord")

    page.get_by_role("button", name="Rapport d'activité 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CPTS Vallée du Rhône — année 2025")
    expect(page.get_by_role("img", name="Accompagnements physiques")).to_be_visible()
    screenshot("rapport-annuel")
    with page.expect_download(timeout=60_000) as download:  # WeasyPrint is slow on a busy 2-core machine
        page.get_by_role("button", name="Télécharger le PDF").click()
    assert download.value.suggested_filename == f"rapport-activite-{tenant_a.tenant}-2025.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    page.set_viewport_size({"width": 412, "height": 915})  # and on a phone, nothing is cut off
    page.goto(f"{platform.origin}/reporting/indicateurs?annee=2025")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot("tableau-de-bord-telephone")
