"""The referrer's loop by mail, through a real SMTP server (aiosmtpd on 127.0.0.1, started with the
platform): accepted, not kept (with the team's message on the tracking page, never its internal note),
follow-up ended; the tracking code and a link only, nothing of the person; nothing for a decision
refused or rolled back, nothing twice; a relay that is down is waited out, and nothing is lost."""

from __future__ import annotations

import html
import time
import uuid

from passerelle.auth import Role
from tests.support import eventually, public_client, referral_body

PERSONAL = ("Durand", "Aline", "1961", "06 12", "0612", "Écoles", "Saint-Ambroix", "médecin traitant")


def referred(tenant, **overrides) -> tuple[dict, str]:
    """A referral whose referrer left an address of their own (unique to the test)."""
    address = f"dr.martin.{uuid.uuid4().hex[:8]}@cabinet-du-pont.fr"
    body = referral_body(**overrides)
    body["referrer"] = {**body["referrer"], "email": address}
    return tenant.http("referral", Role.REFERRER).post("/referrals", json=body).json(), address


def mail_to(platform, address: str) -> list:
    return [m for m in platform.mail.received() if m["To"] == address]


def test_the_referrer_is_told_of_the_acceptance_then_of_the_end_with_nothing_of_the_person(platform, tenant_a):
    referral, address = referred(tenant_a)
    mediator = tenant_a.http("referral", Role.MEDIATOR)
    mediator.post(f"/referrals/{referral['id']}/accept").raise_for_status()
    assert mediator.post(f"/referrals/{referral['id']}/accept").status_code == 409  # refused: nothing sent

    [accepted] = eventually(lambda: mail_to(platform, address), what="the acceptance mailed")
    text = accepted.get_content()
    assert "acceptée" in accepted["Subject"] and referral["tracking_code"] in text
    assert f"/referral/suivi?code={referral['tracking_code']}" in text
    assert not [p for p in PERSONAL if p in text or p in str(accepted["Subject"])]

    cases = tenant_a.http("cases", Role.MEDIATOR)
    [case] = eventually(lambda: cases.get("/cases", params={"referral_id": referral["id"]}).json()["items"])
    cases.post(f"/cases/{case['id']}/close", json={"outcome": "improved"}).raise_for_status()
    eventually(lambda: len(mail_to(platform, address)) == 2, what="the end of the follow-up mailed")
    cases.post(f"/cases/{case['id']}/reopen", json={}).raise_for_status()
    cases.post(f"/cases/{case['id']}/close", json={"outcome": "improved"}).raise_for_status()
    time.sleep(3)  # closed again: the referrer was told already
    subjects = sorted(str(m["Subject"]) for m in mail_to(platform, address))
    assert len(subjects) == 2 and "terminé" in subjects[0] + subjects[1]


def test_a_referral_not_kept_tells_the_referrer_why_in_the_team_s_words_not_its_note(platform, tenant_a):
    referral, address = referred(tenant_a)
    mediator = tenant_a.http("referral", Role.MEDIATOR)
    refused = mediator.post(
        f"/referrals/{referral['id']}/decline", json={"reason": "relayed", "decided_on": "2001-01-01"}
    )
    assert refused.status_code == 422  # before its receipt: rolled back, nothing sent
    mediator.post(
        f"/referrals/{referral['id']}/decline",
        json={"reason": "relayed", "note": "vu avec Mme X au DAC", "referrer_message": "Relayée au DAC du Gard."},
    ).raise_for_status()
    [declined] = eventually(lambda: mail_to(platform, address), what="the decision mailed")
    assert "non retenue" in declined["Subject"] and "Mme X" not in declined.get_content()

    page = html.unescape(
        public_client(platform)
        .get("/suivi", params={"code": referral["tracking_code"]}, headers={"Accept": "text/html"})
        .text
    )
    assert "Relayée vers un autre service" in page and "Relayée au DAC du Gard." in page
    assert "Mme X" not in page  # the team's internal note stays the team's


def test_no_address_no_mail_and_a_relay_down_is_waited_out(platform, tenant_a):
    silent = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{silent['id']}/accept").raise_for_status()
    waiting = lambda: platform.postgres.psql(  # noqa: E731
        f"SELECT count(*) FROM referrer_mail WHERE referral_id = '{silent['id']}'", "referral"
    )
    assert waiting().strip() == "0"

    referral, address = referred(tenant_a)
    platform.mail.stop()
    try:
        tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
        eventually(
            lambda: (
                int(
                    platform.postgres.psql(
                        f"SELECT attempts FROM referrer_mail WHERE referral_id = '{referral['id']}'", "referral"
                    )
                    or 0
                )
                >= 1
            ),
            what="the relay tried and was refused",
        )
    finally:
        platform.mail.start()  # the same port: the relay comes back
    eventually(lambda: mail_to(platform, address), timeout=60, what="sent once the relay is back")
    time.sleep(2)
    assert len(mail_to(platform, address)) == 1


def test_a_message_that_cannot_be_sent_does_not_hold_the_others_up(platform, tenant_a):
    stuck = uuid.uuid4()
    platform.postgres.psql(  # a message this version cannot compose (a kind it does not know)
        "INSERT INTO referrer_mail (id, tenant_id, referral_id, kind, to_address, tracking_code, created_at, "
        f"next_attempt_at) VALUES ('{stuck}', '{tenant_a.tenant}', '{uuid.uuid4()}', 'unknown', "
        "'dr@cabinet.fr', 'ABCD-EFGH-JKLM', now() - interval '1 minute', now() - interval '1 minute')",
        "referral",
    )
    referral, address = referred(tenant_a)
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
    eventually(lambda: mail_to(platform, address), what="the others sent all the same")
    row = platform.postgres.psql(f"SELECT attempts, last_error FROM referrer_mail WHERE id = '{stuck}'", "referral")
    attempts, error = row.strip().split("|", 1)
    assert int(attempts) >= 1 and "KeyError" in error  # tried again later, with the reason kept
