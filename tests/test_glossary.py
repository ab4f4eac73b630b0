"""Words of the trade: a glossary everyone can open (linked from every page), and the help text under
each field that uses an abbreviation."""

from __future__ import annotations

import html

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import page_client, public_client


def test_the_glossary_explains_the_abbreviations_to_anyone(platform):
    page = public_client(platform).get("/glossaire", headers={"Accept": "text/html"})
    assert page.status_code == 200
    text = html.unescape(page.text)
    for term, meaning in (
        ("LUP", "Ligne urgence précarité"),
        ("PUMa", "Protection universelle maladie"),
        ("C2S", "Complémentaire santé solidaire"),
        ("CSS", "Complémentaire santé solidaire"),
        ("DAC", "Dispositif d'appui à la coordination"),
        ("QPV", "Quartier prioritaire de la politique de la ville"),
        ("RCP", "Réunion de concertation pluriprofessionnelle"),
    ):
        assert f"<strong>{term}</strong> — {meaning}" in text, term


def test_the_fields_that_use_an_abbreviation_say_what_it_stands_for(platform, tenant_a):
    case = open_case(tenant_a)
    pages = page_client(platform, tenant_a, Role.MEDIATOR)
    case_file = html.unescape(pages.get(f"/cases/accompagnements/{case['id']}").text)
    assert 'aria-describedby="procedure-channel-hint"' in case_file
    for said in (
        "LUP : ligne urgence précarité",
        "AME : aide médicale de l'État",
        "PUMa : protection universelle maladie",
        "RCP : réunion de concertation pluriprofessionnelle",
        "DAC : dispositif d'appui à la coordination",
        'href="/referral/glossaire"',
    ):
        assert said in case_file, said
    action = html.unescape(pages.get("/outreach/aller-vers/nouvelle").text)
    assert "QPV : quartier prioritaire de la politique de la ville" in action
