"""The referral pages through the reverse proxy, as a browser would call them (no JavaScript)."""

from __future__ import annotations

import re

import httpx
import pytest
from markupsafe import escape

from passerelle.auth import Role
from passerelle.privacy import CASE_FILE_MONTHS, DECLINED_REFERRAL_MONTHS, Category
from passerelle.privacy.inventory import REFERRALS
from tests.support import fiche_form, page_client, referral_body

HTML = {"Accept": "text/html"}


def browser(platform, tenant=None, role: Role | None = None) -> httpx.Client:
    """A client of the proxied origin; signed in as `role` of `tenant` when given."""
    if role is not None:
        return page_client(platform, tenant, role)
    return httpx.Client(base_url=platform.origin, headers=HTML, timeout=10)


def test_pages_ask_to_sign_in_and_come_back(platform):
    answer = browser(platform).get("/referral/orientations?statut=submitted")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/referral/connexion?next=/referral/orientations%3Fstatut%3Dsubmitted"


def test_a_page_of_another_tenants_referral_is_a_french_404(platform, tenant_a, tenant_b):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    own = browser(platform, tenant_a, Role.MEDIATOR).get(f"/referral/orientations/{referral['id']}")
    assert own.status_code == 200 and "Durand" in own.text
    other = browser(platform, tenant_b, Role.MEDIATOR)
    answer = other.get(f"/referral/orientations/{referral['id']}")
    assert answer.status_code == 404 and "Introuvable" in answer.text and "Durand" not in answer.text
    tenant_a.register()
    for action, form in (
        ("accepter", {}),
        ("refuser", {"motif": "duplicate"}),
        ("transferer", {"structure": tenant_a.tenant}),
        ("retirer-consentement", {}),
    ):
        answer = other.post(f"/referral/orientations/{referral['id']}/{action}", data=form)
        assert answer.status_code == 404, action
    assert (
        own.status_code == 200
        and tenant_a.http("referral", Role.MEDIATOR).get(f"/referrals/{referral['id']}").json()["status"] == "submitted"
    )  # untouched
    assert "Durand" not in other.get("/referral/orientations").text


def test_a_referrer_cannot_open_the_inbox(platform, tenant_a):
    answer = browser(platform, tenant_a, Role.REFERRER).get("/referral/orientations")
    assert answer.status_code == 403 and "Accès refusé" in answer.text


def test_the_fiche_shows_each_error_next_to_its_field_in_french(platform, tenant_a):
    tenant_a.register(name="CPTS des tests")
    form = {
        "source": "professional",
        "referrer.name": "Dr Martin",
        "referrer.function": "médecin",
        "referrer.structure": "Cabinet",
        "beneficiary.last_name": "Durand",
        "beneficiary.first_name": "Aline",
        "beneficiary.birth_date": "1961-04-12",
        "beneficiary.postal_code": "305",
        "beneficiary.phone": "12",
        "consent.method": "signed_form",
        "consent.recorded_by": "Dr Martin",
    }
    answer = browser(platform).post(f"/referral/fiche/{tenant_a.tenant}", data=form)
    assert answer.status_code == 422
    errors = dict(re.findall(r'<small class="field-error" id="([a-z\-_]+)-error">([^<]+)</small>', answer.text))
    assert errors["beneficiary-postal_code"] == "Le code postal compte 5 chiffres."
    assert errors["beneficiary-phone"].startswith("Numéro de téléphone français attendu")
    assert errors["reasons"] == "Cochez au moins un motif."
    assert errors["consent-given"].startswith("Sans le consentement de la personne")
    assert 'value="Durand"' in answer.text  # what was typed is kept
    assert tenant_a.http("referral", Role.MEDIATOR).get("/referrals").json()["total"] == 0


def test_the_fiche_says_every_error_in_one_pass_in_a_summary_linking_to_each_marked_field(platform, tenant_a):
    tenant_a.register(name="CPTS des tests")
    form = {"source": "professional", "referrer.name": "Dr Martin", "beneficiary.last_name": "Durand"}
    answer = browser(platform).post(f"/referral/fiche/{tenant_a.tenant}", data=form)
    assert answer.status_code == 422
    summary = answer.text[answer.text.index('id="form-errors"') : answer.text.index("</article>")]
    links = re.findall(r'<a href="#([a-z\-_]+)">([^<]+)</a>', summary)
    linked = [target for target, _ in links]
    # the professional's missing fields too, with the person's, at once and in the fiche's order
    assert linked[:3] == ["referrer-function", "referrer-structure", "beneficiary-first_name"]
    assert {"beneficiary-birth_date", "beneficiary-postal_code", "reasons", "consent-given"} <= set(linked)
    assert "consent-method" in linked and "consent-recorded_by" in linked
    for target in linked:  # each link leads to its field, marked invalid and described by its error
        field = re.search(rf'<(?:input|select|textarea|fieldset)[^>]*id="{target}"[^>]*>', answer.text, re.S)
        assert field and 'aria-invalid="true"' in field.group(0), target
        assert f'id="{target}-error"' in answer.text
    assert "data-focus-on-load" in summary and 'tabindex="-1"' in summary
    for required in ("referrer-name", "referrer-function", "referrer-structure"):  # marked before any error
        fresh = browser(platform).get(f"/referral/fiche/{tenant_a.tenant}").text
        assert re.search(rf'<label for="{required}">[^<]+ <span aria-hidden="true">\*</span>', fresh), required


def test_the_phone_numbers_of_a_referral_are_called_in_one_tap(platform, tenant_a):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    page = browser(platform, tenant_a, Role.MEDIATOR).get(f"/referral/orientations/{referral['id']}").text
    assert '<a href="tel:+33612345678">06 12 34 56 78</a>' in page  # the person
    assert '<a href="tel:+33466123456">04 66 12 34 56</a>' in page  # the professional


def test_the_fiche_refuses_a_missing_origin_with_the_rest(platform, tenant_a):
    tenant_a.register(name="CPTS des tests")
    answer = browser(platform).post(f"/referral/fiche/{tenant_a.tenant}", data={"source": ""})
    assert answer.status_code == 422
    assert 'id="source-error">Ce champ est obligatoire.' in answer.text
    assert 'id="beneficiary-last_name-error"' in answer.text and 'id="referrer-error"' not in answer.text
    complete = {k: v for k, v in fiche_form("Sansorigine").items() if k != "source"}
    refused = browser(platform).post(f"/referral/fiche/{tenant_a.tenant}", data=complete)
    assert refused.status_code == 422 and 'id="source-error"' in refused.text
    assert tenant_a.http("referral", Role.MEDIATOR).get("/referrals").json()["total"] == 0


@pytest.mark.parametrize("path", ["/cases/accompagnements", "/outreach/aller-vers"])
def test_the_other_services_pages_are_served_on_the_same_origin(platform, tenant_a, path):
    answer = browser(platform, tenant_a, Role.MEDIATOR).get(path)
    assert answer.status_code == 200
    assert 'href="/referral/orientations"' in answer.text  # the navigation bar
    service, page = path.strip("/").split("/")
    metrics = httpx.get(f"{platform.url(service)}/metrics").text
    assert f'route="/{page}",status="200"' in metrics  # counted by its route, also behind the proxy


def test_operations_endpoints_are_not_exposed_through_the_proxy(platform):
    assert httpx.get(f"{platform.origin}/referral/metrics").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/referral/static/passerelle/passerelle.css",
        "/referral/static/vendor/pico.min.css",
        "/cases/static/vendor/htmx.min.js",
    ],
)
def test_the_pages_assets_are_served_through_the_proxy(platform, path):
    assert httpx.get(platform.origin + path).status_code == 200


def test_the_inbox_pages_through_referrals_keeping_its_filters(platform, tenant_a):
    referrer = tenant_a.http("referral", Role.REFERRER)
    for _ in range(26):
        referrer.post("/referrals", json=referral_body()).raise_for_status()
    inbox = browser(platform, tenant_a, Role.MEDIATOR)
    first = inbox.get("/referral/orientations", params={"statut": "submitted"})
    assert first.status_code == 200 and "26 orientations" in first.text and "Page 1 sur 2" in first.text
    following = re.search(r'<a href="([^"]+)">Suivantes', first.text).group(1).replace("&amp;", "&")
    assert following == "?statut=submitted&tri=-submitted_at&page=2"
    second = inbox.get("/referral/orientations" + following)
    assert second.text.count('class="badge submitted"') == 1


def test_a_referrer_with_an_account_follows_their_own_referrals(platform, tenant_a, tenant_b):
    tenant_a.register(name="CPTS des tests")
    referrer = browser(platform, tenant_a, Role.REFERRER)
    sent = referrer.post(
        f"/referral/fiche/{tenant_a.tenant}", data=fiche_form("Roux"), headers={"Origin": platform.origin}
    )
    assert sent.status_code == 303, sent.text  # to « Fiche envoyée »: a reload sends nothing again
    anonymous = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    other_tenant = tenant_b.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    mine = referrer.get("/referral/mes-orientations")
    assert mine.status_code == 200 and "Roux Marcel" in mine.text and "Reçue" in mine.text
    assert "Durand" not in mine.text  # neither another referrer's nor another tenant's
    inbox = tenant_a.http("referral", Role.MEDIATOR).get("/referrals").json()["items"]
    roux = next(r for r in inbox if r["last_name"] == "Roux")
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{roux['id']}/accept").raise_for_status()
    assert "Acceptée" in referrer.get("/referral/mes-orientations").text
    assert anonymous["id"] != other_tenant["id"]
    assert browser(platform, tenant_a, Role.MEDIATOR).get("/referral/mes-orientations").status_code == 403


def test_the_fiche_links_under_the_consent_to_a_notice_drawn_from_the_inventory(platform, tenant_a):
    fiche = browser(platform).get(f"/referral/fiche/{tenant_a.tenant}").text
    link = f"/referral/fiche/{tenant_a.tenant}/confidentialite"
    assert fiche.index("Consentement de la personne") < fiche.index(link)
    notice = browser(platform).get(link)
    assert notice.status_code == 200 and "Ce que deviennent vos données" in notice.text
    for field in REFERRALS.fields.values():  # what the fiche collects, in the register's words
        if field.category in {Category.IDENTITY, Category.HEALTH, Category.FREE_TEXT} and "doublon" not in field.label:
            assert str(escape(field.label)) in notice.text, field.label
    assert f"{CASE_FILE_MONTHS // 12} ans au plus" in notice.text
    assert f"{DECLINED_REFERRAL_MONTHS} mois</strong>" in notice.text
    assert browser(platform).get("/referral/fiche/inconnu/confidentialite").status_code == 404
