"""The coordinator's dashboard and the annual report (page and PDF), each showing the tenant's own
figures only, beside the year before; their errors are said in French."""

from __future__ import annotations

import csv
import io
from datetime import date

from pypdf import PdfReader

from passerelle.auth import Role
from tests.reporting.history import History
from tests.support import eventually, indicators, page_client


def two_years(tenant: str) -> History:
    h = History(tenant)
    for month in (2, 3, 3, 11):  # 4 appointments in 2025, of two people
        h.activity(h.case(date(2025, 1, 6)), "appointment", date(2025, month, 10))
    h.activity(h.case(date(2024, 5, 2)), "appointment", date(2024, 5, 3))  # 1 in 2024
    h.action("collective_action", date(2025, 6, 12), people_met=23, themes=("nutrition",))
    return h


def test_the_dashboard_shows_the_year_its_months_and_the_year_before(platform, tenant_a, tenant_b):
    tenant_a.register(name="CPTS des Quatre Vallées")
    two_years(tenant_a.tenant).publish(platform.kafka.admin)
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: (
            indicators(coordinator, date(2025, 1, 1), date(2026, 1, 1))["individual_appointments"] == 4
            and indicators(coordinator, date(2024, 1, 1), date(2025, 1, 1))["individual_appointments"] == 1
        ),
        timeout=60,
        what="both years projected",
    )

    page = page_client(platform, tenant_a, Role.COORDINATOR).get("/reporting/indicateurs", params={"annee": 2025})
    assert page.status_code == 200
    html = page.text
    assert '<td id="individual_appointments">4</td>' in html
    assert '<td id="individual_appointments-precedent">1</td>' in html and "<td>+3</td>" in html
    assert '<td id="persons_received">23</td>' in html
    assert html.count("<svg") >= 6 and "mars : 2" in html  # March's bar
    assert "Actions, par thème" in html and "Nutrition : 1" in html
    assert "rapport.pdf?annee=2025" in html

    theirs = page_client(platform, tenant_b, Role.COORDINATOR).get("/reporting/indicateurs", params={"annee": 2025})
    assert '<td id="individual_appointments">0</td>' in theirs.text and "Nutrition : 1" not in theirs.text

    exported = page_client(platform, tenant_a, Role.COORDINATOR).get(
        "/reporting/indicateurs.csv", params={"du": "2025-01-01", "au": "2025-12-31"}
    )
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=";"))
    assert ["individual_appointments", "Entretiens individuels", "", "4"] in [r[:4] for r in rows]


def test_the_annual_report_as_a_page_and_as_a_pdf(platform, tenant_a, tenant_b):
    tenant_a.register(name="CPTS des Quatre Vallées")
    two_years(tenant_a.tenant).publish(platform.kafka.admin)
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(coordinator, date(2025, 1, 1), date(2026, 1, 1))["persons_received"] == 23,
        timeout=60,
        what="the year projected",
    )
    browser = page_client(platform, tenant_a, Role.COORDINATOR)

    report = eventually(
        lambda: (
            (r := browser.get("/reporting/rapport", params={"annee": 2025}))
            and "CPTS des Quatre Vallées" in r.text
            and r
        ),
        timeout=30,
        what="the tenant's name",
    )
    assert "année 2025" in report.text and '<td id="individual_appointments">4</td>' in report.text

    pdf = browser.get("/reporting/rapport.pdf", params={"annee": 2025})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert f"rapport-activite-{tenant_a.tenant}-2025.pdf" in pdf.headers["content-disposition"]
    document = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in document.pages)
    assert "CPTS des Quatre Vallées" in text and "année 2025" in text
    catalog = document.trailer["/Root"]  # tagged for screen readers (PDF/UA), titled, in French
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "fr"
    assert document.metadata.title == "Rapport d'activité 2025 — CPTS des Quatre Vallées"
    assert "Entretiens individuels 4 1 +3" in " ".join(text.split())

    other = page_client(platform, tenant_b, Role.COORDINATOR).get("/reporting/rapport.pdf", params={"annee": 2025})
    other_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(other.content)).pages)
    assert "CPTS des Quatre Vallées" not in other_text and "Entretiens individuels 0 0 =" in " ".join(
        other_text.split()
    )


def test_the_pages_errors_are_said_in_french(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.COORDINATOR)
    too_old = browser.get("/reporting/rapport", params={"annee": 1990})
    assert too_old.status_code == 422 and "l&#39;année doit être comprise entre 2000" in too_old.text
    half = browser.get("/reporting/indicateurs", params={"du": "2025-01-01"})
    assert half.status_code == 422 and "indiquez les deux dates" in half.text
    backwards = browser.get("/reporting/indicateurs", params={"du": "2025-03-01", "au": "2025-01-01"})
    assert backwards.status_code == 422 and "la date de fin doit suivre" in backwards.text
    assert page_client(platform, tenant_a, Role.MEDIATOR).get("/reporting/rapport").status_code == 403
