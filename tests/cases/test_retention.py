"""Retention by the CNIL's reference on the real platform: a file is anonymised on the day its two
years from the last contact end, not the day before; the person's key is destroyed, the other services
follow (beneficiary.anonymised), the access log says so; a coordinator sees it coming and extends it
with a reason; a declined referral is emptied three months after the decision."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from cases.service_layer import retention
from devstack.platform import KEYSTORE
from passerelle import clock
from passerelle.auth import Role
from passerelle.clock import add_months
from passerelle.contracts import topics
from passerelle.crypto import TenantKeyring
from passerelle.db import Database
from passerelle.keystore import KeyStore
from passerelle.observability.metrics import Metrics
from passerelle.web.pages import french_day
from referral.adapters import orm as referral_orm  # noqa: F401  (maps the referral classes)
from referral.service_layer import retention as referral_retention
from tests.cases.conftest import open_case
from tests.support import eventually, headers_of, page_client, read_topic, referral_body, run_async


def cases_pass(platform, tenant: str, today) -> dict[str, int]:
    """The daily pass of `today`, run here with the clock at ten in the morning of that day."""

    async def go():
        db = Database(platform.postgres.url("cases"), service_name="cases-retention-test")
        keystore = KeyStore(platform.postgres.url(KEYSTORE), TenantKeyring(platform.tenant_keys_dir))
        try:
            with clock.frozen(clock.start_of_paris_day(today) + timedelta(hours=10)):
                return await retention.run_pass(db, keystore, Metrics("cases"), today=today, tenants={tenant})
        finally:
            await keystore.dispose()
            await db.dispose()

    return run_async(go())


def in_cases(platform, tenant: str, use_case, **kwargs):
    """A cases use case run here, against the service's database (under a frozen clock if the test says)."""

    async def go():
        db = Database(platform.postgres.url("cases"), service_name="cases-retention-test")
        try:
            async with db.unit_of_work(tenant=tenant) as uow:
                return await use_case(uow=uow, **kwargs)
        finally:
            await db.dispose()

    return run_async(go())


def test_a_file_is_anonymised_the_day_its_retention_ends_and_every_service_follows(platform, tenant_a):
    case = open_case(tenant_a)
    end = add_months(clock.today(), 24)  # opened today, nothing since: two years from today

    assert cases_pass(platform, tenant_a.tenant, end - timedelta(days=1)) == {tenant_a.tenant: 0}
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    assert mediator.get(f"/cases/{case['id']}").json()["last_name"] == "Durand"

    assert cases_pass(platform, tenant_a.tenant, end) == {tenant_a.tenant: 1}
    assert cases_pass(platform, tenant_a.tenant, end) == {}  # today's pass is done: nothing twice
    assert cases_pass(platform, tenant_a.tenant, end + timedelta(days=1)) == {}  # nothing left to keep
    anonymised = mediator.get(f"/cases/{case['id']}").json()
    assert anonymised["last_name"] is None and anonymised["erased_at"]
    destroyed = platform.postgres.psql(
        f"SELECT wrapped IS NULL FROM person_keys WHERE beneficiary_pid = '{case['beneficiary_pid']}'", KEYSTORE
    )
    assert destroyed.strip() == "t"
    journal = tenant_a.http("cases", Role.COORDINATOR).get(f"/cases/{case['id']}/access-log").json()
    lines = [(a["by"], a["action"]) for a in journal]
    assert ("retention", "anonymise") in lines
    assert (
        lines.count(("mediator@" + tenant_a.tenant, "read")) == 1
    )  # the read of two years before went; this one stays

    announced = eventually(
        lambda: [
            r
            for r in read_topic(platform.kafka.admin, topics.CASES, seconds=1)
            if headers_of(r).get("ce_subject") == case["id"] and headers_of(r)["ce_type"] == "beneficiary.anonymised"
        ],
        what="beneficiary.anonymised on the cases topic",
    )
    assert "Durand" not in announced[0].value.decode()

    def referral_emptied() -> bool:
        row = platform.postgres.psql(f"SELECT last_name FROM referrals WHERE id = '{case['referral_id']}'", "referral")
        return row.strip() == ""

    eventually(referral_emptied, what="the referral service dropped the person's data")


def test_a_coordinator_sees_a_file_coming_and_keeps_it_longer_with_a_reason(platform, tenant_a):
    case = open_case(tenant_a)
    end = add_months(clock.today(), 24)
    notice = end - timedelta(days=10)
    coming = in_cases(platform, tenant_a.tenant, retention.upcoming, today=notice)
    assert [(u.case.id, u.anonymised_on) for u in coming] == [(uuid.UUID(case["id"]), end)]
    with clock.frozen(clock.start_of_paris_day(notice) + timedelta(hours=10)):
        in_cases(
            platform,
            tenant_a.tenant,
            retention.extend,
            case_id=uuid.UUID(case["id"]),
            until=end + timedelta(days=60),
            reason="La personne est revenue : demande de C2S en cours.",
            by="coordinator@test",
        )
    assert cases_pass(platform, tenant_a.tenant, end) == {tenant_a.tenant: 0}
    assert cases_pass(platform, tenant_a.tenant, end + timedelta(days=60)) == {tenant_a.tenant: 1}
    reasons = platform.postgres.psql(
        f"SELECT count(*) FROM retention_extensions WHERE case_id = '{case['id']}'", "cases"
    )
    assert reasons.strip() == "0"  # the extension's reason went with the file


def test_the_retention_api_shows_the_policy_and_takes_an_extension_or_a_shorter_policy(platform, tenant_a):
    case = open_case(tenant_a)
    coordinator = tenant_a.http("cases", Role.COORDINATOR)
    overview = coordinator.get("/retention").json()
    assert overview["identity_months"] == 24 and overview["notice_days"] == 30
    until = (clock.today() + timedelta(days=30)).isoformat()
    kept = coordinator.post(f"/retention/cases/{case['id']}/extend", json={"until": until, "reason": "Revenue en mai"})
    assert kept.status_code == 200 and kept.json()["until"] == until
    no_reason = coordinator.post(f"/retention/cases/{case['id']}/extend", json={"until": until, "reason": ""})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    assert coordinator.put("/retention/policy", json={"identity_months": 30}).status_code == 422
    assert coordinator.put("/retention/policy", json={"identity_months": 12}).json() == {"identity_months": 12}
    assert coordinator.get("/retention").json()["identity_months"] == 12
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    assert mediator.put("/retention/policy", json={"identity_months": 6}).status_code == 403


@pytest.mark.parametrize(("months", "emptied"), [(3, True), (2, False)])
def test_a_declined_referral_is_emptied_three_months_after_the_decision(platform, tenant_a, months, emptied):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    mediator = tenant_a.http("referral", Role.MEDIATOR)
    mediator.post(f"/referrals/{referral['id']}/decline", json={"reason": "out_of_scope"}).raise_for_status()
    day = add_months(clock.today(), months) + timedelta(days=1 if emptied else 25)

    async def go():
        db = Database(platform.postgres.url("referral"), service_name="referral-retention-test")
        try:
            return await referral_retention.run_pass(db, Metrics("referral"), today=day, tenants={tenant_a.tenant})
        finally:
            await db.dispose()

    assert run_async(go()) == (1 if emptied else 0)
    row = platform.postgres.psql(f"SELECT last_name FROM referrals WHERE id = '{referral['id']}'", "referral")
    assert (row.strip() == "") is emptied
    assert mediator.get(f"/referrals/{referral['id']}").json()["status"] == "declined"  # the figures keep it


def test_the_coordinators_page_lists_the_files_coming_and_extends_one_with_its_reason(platform, tenant_a):
    case = open_case(tenant_a)
    aged = add_months(clock.today(), -24) + timedelta(days=10)  # opened two years ago, less ten days
    platform.postgres.psql(f"UPDATE cases SET opened_on = '{aged}' WHERE id = '{case['id']}'", "cases")
    coordinator = page_client(platform, tenant_a, Role.COORDINATOR)
    page = coordinator.get("/cases/conservation")
    assert page.status_code == 200 and "Durand" in page.text
    assert french_day(add_months(aged, 24)) in page.text  # the day it will be anonymised

    refused = coordinator.post(f"/cases/conservation/{case['id']}/prolonger", data={"until": "", "reason": "x"})
    assert refused.status_code == 422 and "Choisissez une date" in refused.text
    no_reason = coordinator.post(
        f"/cases/conservation/{case['id']}/prolonger",
        data={"until": (clock.today() + timedelta(days=90)).isoformat(), "reason": " "},
    )
    assert (
        no_reason.status_code == 422
        and "Indiquez pourquoi" in no_reason.text
        and 'aria-invalid="true"' in no_reason.text
    )
    kept = coordinator.post(
        f"/cases/conservation/{case['id']}/prolonger",
        data={"until": (clock.today() + timedelta(days=90)).isoformat(), "reason": "Revenue en mai"},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    after = coordinator.get(kept.headers["location"])
    assert "Conservation prolongée" in after.text and "Durand" not in after.text  # no longer within 30 days
    assert "Conservation prolongée" in coordinator.get("/cases/journal").text
    assert page_client(platform, tenant_a, Role.MEDIATOR).get("/cases/conservation").status_code == 403


def test_the_access_log_keeps_a_line_a_year_and_drops_it_the_day_after(platform, tenant_a):
    case = open_case(tenant_a)
    tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").raise_for_status()  # a read, today
    coordinator = tenant_a.http("cases", Role.COORDINATOR)
    year = add_months(clock.today(), 12)
    cases_pass(platform, tenant_a.tenant, year)
    assert "read" in [a["action"] for a in coordinator.get(f"/cases/{case['id']}/access-log").json()]
    cases_pass(platform, tenant_a.tenant, year + timedelta(days=1))
    assert "read" not in [a["action"] for a in coordinator.get(f"/cases/{case['id']}/access-log").json()]


def test_the_team_journal_keeps_a_change_a_year(platform, tenant_a):
    old, recent = uuid.uuid4(), uuid.uuid4()
    for line, days in ((old, 400), (recent, 300)):
        platform.postgres.psql(
            "INSERT INTO account_changes (id, tenant_id, at, actor_subject, actor_username, target_id, "
            f"target_username, action, roles_before, roles_after) VALUES ('{line}', '{tenant_a.tenant}', "
            f"now() - interval '{days} days', 's', 'coordinatrice', 't', 'mediatrice', 'roles_changed', "
            "'{}', '{}')",
            "referral",
        )

    async def go():
        db = Database(platform.postgres.url("referral"), service_name="referral-retention-test")
        try:
            return await referral_retention.run_pass(
                db, Metrics("referral"), today=clock.today(), tenants={tenant_a.tenant}
            )
        finally:
            await db.dispose()

    run_async(go())
    kept = platform.postgres.psql(f"SELECT id FROM account_changes WHERE tenant_id = '{tenant_a.tenant}'", "referral")
    assert kept.split() == [str(recent)]


def test_a_referrer_s_message_is_forgotten_a_month_after_it_went_and_kept_while_it_waits(platform, tenant_a):
    rows = {"accepted": 40, "declined": 20, "closed": None}  # sent 40 days ago, 20 days ago, waiting
    for kind, days in rows.items():
        sent = f"now() - interval '{days} days'" if days else "NULL"
        platform.postgres.psql(
            "INSERT INTO referrer_mail (id, tenant_id, referral_id, kind, to_address, tracking_code, created_at, "
            f"next_attempt_at, sent_at) VALUES ('{uuid.uuid4()}', '{tenant_a.tenant}', '{uuid.uuid4()}', '{kind}', "
            f"'dr@cabinet.fr', 'ABCD-EFGH-JKLM', now() - interval '41 days', now() + interval '1 day', {sent})",
            "referral",
        )

    async def go():
        db = Database(platform.postgres.url("referral"), service_name="referral-retention-test")
        try:
            return await referral_retention.run_pass(
                db, Metrics("referral"), today=clock.today(), tenants={tenant_a.tenant}
            )
        finally:
            await db.dispose()

    run_async(go())
    kept = platform.postgres.psql(f"SELECT kind FROM referrer_mail WHERE tenant_id = '{tenant_a.tenant}'", "referral")
    assert sorted(kept.split()) == ["closed", "declined"]  # the one waiting, the one sent 20 days ago


def test_keys_brought_back_by_a_restored_key_store_are_destroyed_again(platform, tenant_a):
    erased, kept = open_case(tenant_a), open_case(tenant_a)
    columns = "key_id || ' ' || wrapped || ' ' || wrapped_with"
    row = f"FROM person_keys WHERE beneficiary_pid = '{erased['beneficiary_pid']}'"
    backup = platform.postgres.psql(f"SELECT {columns} {row}", KEYSTORE).split()
    tenant_a.http("cases", Role.MEDIATOR).post(f"/cases/{erased['id']}/erase").raise_for_status()
    restore = "UPDATE person_keys SET key_id = '{}', wrapped = '{}', wrapped_with = '{}', destroyed_at = NULL"
    platform.postgres.psql(f"{restore.format(*backup)} WHERE beneficiary_pid = '{erased['beneficiary_pid']}'", KEYSTORE)

    async def sweep() -> tuple[int, set]:
        db = Database(platform.postgres.url("cases"), service_name="cases-retention-test")
        keystore = KeyStore(platform.postgres.url(KEYSTORE), TenantKeyring(platform.tenant_keys_dir))
        try:
            return await retention.destroy_restored_keys(db, keystore), await keystore.live()
        finally:
            await keystore.dispose()
            await db.dispose()

    destroyed, alive = run_async(sweep())
    assert destroyed >= 1
    assert (tenant_a.tenant, uuid.UUID(erased["beneficiary_pid"])) not in alive
    assert (tenant_a.tenant, uuid.UUID(kept["beneficiary_pid"])) in alive  # a person still followed keeps theirs
    assert platform.postgres.psql(f"SELECT wrapped IS NULL {row}", KEYSTORE).strip() == "t"
