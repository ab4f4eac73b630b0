"""The daily retention pass, and what coordinators see and decide of it.

The pass also drops the access log's lines older than ACCESS_LOG_MONTHS.

Each day, for each tenant, a file whose anonymisation day has come (cases.domain.retention) is
anonymised: the person's key destroyed, identity and free texts emptied, `beneficiary.anonymised`
announced so that every service follows, a line in the access log. Each file in its own
transaction, the case row locked: the pass is idempotent (an anonymised file is skipped), safe to
stop at any point and to run on several replicas at once; the day's run row is written last, so a
pass that stopped is done again at the next hour.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from cases.adapters.orm import retention_runs
from cases.domain.model import AccessLogEntry, Case
from cases.domain.retention import (
    ACCESS_LOG_MONTHS,
    DEFAULT_MONTHS,
    NOTICE_DAYS,
    RetentionExtension,
    RetentionPolicy,
    RetentionRun,
    anonymisation_day,
    extension,
    last_contact,
)
from cases.service_layer.lifecycle import forget_person
from cases.service_layer.queries import load_case, log_access
from passerelle import clock
from passerelle.clock import add_months
from passerelle.contracts.events import BeneficiaryAnonymised
from passerelle.db import Database, UnitOfWork
from passerelle.keystore import KeyStore
from passerelle.observability.metrics import Metrics

log = logging.getLogger(__name__)
RETENTION = "retention"  # the access log's author of an anonymisation: the daily pass, nobody's hand
PASS_EVERY_SECONDS = 3600


@dataclass(frozen=True)
class Upcoming:
    case: Case
    last_contact_on: date
    anonymised_on: date
    extended: RetentionExtension | None


async def policy_months(uow: UnitOfWork) -> int:
    policy = await uow.session.scalar(select(RetentionPolicy))
    return policy.identity_months if policy else DEFAULT_MONTHS


async def set_policy(*, uow: UnitOfWork, months: int, by: str) -> RetentionPolicy:
    policy = RetentionPolicy(tenant_id=uow.own_tenant, identity_months=months, updated_by=by, updated_at=clock.now())
    await uow.session.merge(policy)
    await uow.commit()
    return policy


async def upcoming(*, uow: UnitOfWork, today: date, days: int = NOTICE_DAYS) -> list[Upcoming]:
    """The tenant's files anonymised within `days` (or overdue), the soonest first."""
    months = await policy_months(uow)
    extensions = {e.case_id: e for e in await uow.session.scalars(select(RetentionExtension))}
    horizon = today + timedelta(days=days)
    found = []
    for case in await _candidates(uow, today=horizon, months=months):
        extended = extensions.get(case.id)
        day = anonymisation_day(case, months=months, extended_until=extended.until if extended else None)
        if day <= horizon:
            found.append(Upcoming(case, last_contact(case), day, extended))
    return sorted(found, key=lambda u: u.anonymised_on)


async def recent_runs(*, uow: UnitOfWork, limit: int = 30) -> list[RetentionRun]:
    return list(await uow.session.scalars(select(RetentionRun).order_by(RetentionRun.ran_on.desc()).limit(limit)))


async def extend(*, uow: UnitOfWork, case_id: uuid.UUID, until: date, reason: str, by: str) -> RetentionExtension:
    """Keep a file until `until`, with the reason; it replaces an earlier extension."""
    case = await load_case(uow=uow, case_id=case_id)
    kept = extension(case, until=until, reason=reason, by=by, at=clock.now(), today=clock.today())
    await uow.session.merge(kept)
    log_access(uow, case, by=by, action="extend")
    await uow.commit()
    return kept


async def run_pass(
    db: Database, keystore: KeyStore, metrics: Metrics, *, today: date, tenants: set[str] | None = None
) -> dict[str, int]:
    """Anonymise what is due in every tenant (or those named) not yet passed over today; the counts per tenant."""
    async with db.unit_of_work(tenant=None, cross_tenant_reason="the daily retention pass visits every tenant") as uow:
        held = set(await uow.session.scalars(select(Case.tenant_id).where(Case.erased_at.is_(None)).distinct()))
        done = set(await uow.session.scalars(select(RetentionRun.tenant_id).where(RetentionRun.ran_on == today)))
    counts = {}
    for tenant in sorted((held if tenants is None else held & tenants) - done):
        counts[tenant] = await _pass_tenant(db, keystore, metrics, tenant=tenant, today=today)
    metrics.retention_last_pass.set_to_current_time()
    return counts


async def _pass_tenant(db: Database, keystore: KeyStore, metrics: Metrics, *, tenant: str, today: date) -> int:
    started = clock.now()
    async with db.unit_of_work(tenant=tenant) as uow:
        months = await policy_months(uow)
        due = [u.case.id for u in await upcoming(uow=uow, today=today, days=0)]
    anonymised = 0
    for case_id in due:
        async with db.unit_of_work(tenant=tenant) as uow:
            anonymised += await _anonymise(uow, keystore, case_id=case_id, today=today, months=months)
    metrics.files_anonymised.inc(anonymised)
    async with db.unit_of_work(tenant=tenant) as uow:
        kept_since = clock.start_of_paris_day(add_months(today, -ACCESS_LOG_MONTHS))
        await uow.session.execute(
            delete(AccessLogEntry).where(AccessLogEntry.tenant_id == tenant, AccessLogEntry.at < kept_since)
        )
        run = {"id": uuid.uuid4(), "tenant_id": tenant, "ran_on": today, "started_at": started}
        await uow.session.execute(insert(retention_runs).values(**run, anonymised=anonymised).on_conflict_do_nothing())
        await uow.commit()
    if anonymised:
        log.info("retention: %d files anonymised in tenant %s", anonymised, tenant)
    return anonymised


async def _anonymise(uow: UnitOfWork, keystore: KeyStore, *, case_id: uuid.UUID, today: date, months: int) -> int:
    case = await uow.session.scalar(select(Case).where(Case.id == case_id).with_for_update())
    if case is None or case.erased_at is not None:
        return 0  # anonymised meanwhile (another replica, an erasure)
    extended = await uow.session.get(RetentionExtension, case_id)
    if anonymisation_day(case, months=months, extended_until=extended.until if extended else None) > today:
        return 0  # a contact or an extension since the list was drawn
    now, contact = clock.now(), last_contact(case)
    await forget_person(uow, case, keystore, at=now)
    log_access(uow, case, by=RETENTION, action="anonymise")
    uow.emit(
        BeneficiaryAnonymised(
            beneficiary_pid=case.beneficiary_pid,
            case_id=case.id,
            referral_id=case.referral_id,
            anonymised_at=now,
            last_contact_on=contact,
        ),
        subject=case.id,
    )
    await uow.commit()
    return 1


async def _candidates(uow: UnitOfWork, *, today: date, months: int) -> list[Case]:
    """Files that could be due by `today`: not erased, opened at least `months` earlier (a contact is
    never before the opening)."""
    opened_by = add_months(today, -months)
    return list(await uow.session.scalars(select(Case).where(Case.erased_at.is_(None), Case.opened_on <= opened_by)))


async def destroy_restored_keys(db: Database, keystore: KeyStore) -> int:
    """Keys of persons whose file is erased, anonymised or transferred away, found alive in the key store
    again (a backup of it restored): destroyed again. Every hour and at start, beside the pass."""
    reason = "keys of erased persons are looked for in every tenant"
    async with db.unit_of_work(tenant=None, cross_tenant_reason=reason) as uow:
        rows = await uow.session.execute(
            select(Case.tenant_id, Case.beneficiary_pid).where(Case.erased_at.is_not(None))
        )
        erased = {(row.tenant_id, row.beneficiary_pid) for row in rows}
    alive = erased & await keystore.live()
    for tenant, person in alive:
        await keystore.destroy(tenant, person)
    if alive:
        log.warning(
            "%d keys of erased persons were alive again in the key store (a restored backup?): destroyed", len(alive)
        )
    return len(alive)


async def run_daily(state) -> None:
    """The service's background pass: every hour, whatever today's pass has not done yet."""
    if state.keystore is None:
        log.warning("no key store (PASSERELLE_KEYSTORE_URL): files are not anonymised at the end of their retention")
        return
    while True:
        try:
            await destroy_restored_keys(state.db, state.keystore)
            await run_pass(state.db, state.keystore, state.metrics, today=clock.today())
        except Exception:
            log.exception("the retention pass failed; it is tried again in an hour")
        await asyncio.sleep(PASS_EVERY_SECONDS)
