"""The team's daily summary by mail, for those who ask for it on « Résumé quotidien »: the referrals
waiting for triage and those of the day before, counted (nothing of any person), sent once a day through
the real SMTP server; another tenant's referrals never counted."""

from __future__ import annotations

import html
from datetime import timedelta

from passerelle import clock
from passerelle.auth import Role
from passerelle.db import Database
from referral.adapters import orm  # noqa: F401  (maps the referral classes)
from referral.service_layer import digest
from tests.support import page_client, referral_body, run_async


def send(platform, today) -> int:
    async def go():
        db = Database(platform.postgres.url("referral"), service_name="referral-digest-test")
        try:
            return await digest.send_digests(
                db,
                smtp_host="127.0.0.1",
                smtp_port=platform.mail.port,
                mail_from="Passerelle <ne-pas-repondre@passerelle.invalid>",
                origin=platform.origin,
                today=today,
            )
        finally:
            await db.dispose()

    return run_async(go())


def test_a_mediator_asks_for_the_daily_summary_and_gets_it_once_a_day(platform, tenant_a, tenant_b):
    pages = page_client(platform, tenant_a)
    address = f"{tenant_a.user(Role.MEDIATOR)[0]}@passerelle.invalid"
    page = html.unescape(pages.get("/referral/resume-quotidien").text)
    assert "Vous ne recevez pas le résumé." in page and address in page
    assert pages.post("/referral/resume-quotidien", data={"recevoir": "oui"}).status_code == 303
    assert "Vous recevez le résumé" in html.unescape(pages.get("/referral/resume-quotidien").text)

    for _ in range(2):
        tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).raise_for_status()
    tenant_b.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).raise_for_status()
    tomorrow = clock.today() + timedelta(days=1)  # (the service's own loop may send today's meanwhile)
    send(platform, tomorrow)
    send(platform, tomorrow)  # the same day: once
    to_her = lambda: [m for m in platform.mail.received() if m["To"] == address]  # noqa: E731
    [summary] = [m for m in to_her() if "dont 2 reçues hier" in m.get_content()]
    text = summary.get_content()
    assert "2 orientations à trier" in summary["Subject"]
    assert f"{platform.origin}/referral/orientations" in text
    assert "Durand" not in text and "Aline" not in text

    assert pages.post("/referral/resume-quotidien", data={"recevoir": "non"}).status_code == 303
    before = len(to_her())
    send(platform, tomorrow + timedelta(days=1))
    assert len(to_her()) == before  # stopped
