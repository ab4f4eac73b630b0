"""`passerelle dead-letters list|show|replay`: an operator reads what a consumer set aside and, once
the cause is fixed, puts it back; the event is applied once, however often it is replayed."""

from __future__ import annotations

import shutil
import uuid

import pytest

from passerelle import clock
from passerelle.contracts import topics
from passerelle.contracts.events import ReferralAccepted
from passerelle.crypto import TenantKeyring, new_tenant_key
from passerelle.messaging.dead_letters import read_dead_letters
from tests.support import envelope_for, eventually, operator_command, publish_events, run_async
from tests.test_poison_events import metric


def passerelle(platform, capsys, *args: str) -> str:
    return operator_command(platform, capsys, "dead-letters", *args)


def accepted_referral(tenant: str, keys_dir):
    """A referral accepted and sealed with a tenant key the cases service does not hold yet."""
    new_tenant_key(keys_dir, tenant)
    referral_id = uuid.uuid4()
    sealed = TenantKeyring(keys_dir).seal(
        tenant, {"last_name": "Durand", "first_name": "Aline"}, context=str(referral_id)
    )
    now = clock.now()
    payload = ReferralAccepted(
        referral_id=referral_id,
        beneficiary_pid=uuid.uuid4(),
        submitted_at=now,
        accepted_at=now,
        accepted_by="mediator@test",
        personal_data=sealed,
    )
    return envelope_for(payload, tenant=tenant, subject=str(referral_id))


def cases_of(platform, referral_id) -> int:
    return int(platform.postgres.psql(f"SELECT count(*) FROM cases WHERE referral_id = '{referral_id}'", "cases"))


def test_a_dead_letter_is_listed_shown_and_replayed_to_be_applied_once(platform, capsys, tmp_path):
    tenant = f"t-{uuid.uuid4().hex[:10]}"
    event = accepted_referral(tenant, tmp_path)
    publish_events(platform.kafka.admin, [event], topics.REFERRALS)

    def letter():
        return next(
            (
                d
                for d in run_async(read_dead_letters(platform.kafka.admin))
                if d.headers.get("ce_id") == str(event.id) and d.headers["dlq_consumer"] == "cases"
            ),
            None,
        )

    ref = eventually(letter, timeout=60, what="the referral dead-lettered by cases (no key)").ref
    listed = passerelle(platform, capsys, "list", "--consumer", "cases")
    [line] = [row for row in listed.splitlines() if row.startswith(f"{ref}\t")]
    assert f"\tcases\treferral.accepted\t{topics.REFERRALS}[" in line and str(event.id) in line
    assert "no key for tenant" in line
    shown = passerelle(platform, capsys, "show", ref)
    assert f"origin:     {topics.REFERRALS}[" in shown and "MissingTenantKey" in shown
    assert cases_of(platform, event.data["referral_id"]) == 0

    platform.tenant_keys_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / f"{tenant}.key", platform.tenant_keys_dir / f"{tenant}.key")  # the fix
    assert f"replayed {ref} to {topics.REFERRALS}" in passerelle(platform, capsys, "replay", ref)
    eventually(
        lambda: cases_of(platform, event.data["referral_id"]) == 1,
        timeout=60,
        what="the case opened from the replayed event",
    )

    def duplicates() -> float:
        return metric(
            platform, "cases", "passerelle_events_duplicate_total", consumer="cases", type="referral.accepted"
        )

    duplicates_before = duplicates()
    passerelle(platform, capsys, "replay", ref)  # again: the inbox has it now
    again = accepted_referral(tenant, tmp_path)  # a later event of the partition, to know the replay was read
    publish_events(platform.kafka.admin, [again.model_copy(update={"subject": event.subject})], topics.REFERRALS)
    eventually(lambda: cases_of(platform, again.data["referral_id"]) == 1, timeout=60, what="the later event applied")
    assert cases_of(platform, event.data["referral_id"]) == 1
    assert duplicates() == duplicates_before + 1, "the second replay was let through by the inbox"


def test_replay_names_what_it_puts_back(platform, capsys):
    with pytest.raises(SystemExit, match="--all"):
        passerelle(platform, capsys, "replay")
    with pytest.raises(SystemExit, match="no dead letter 9:999999"):
        passerelle(platform, capsys, "show", "9:999999")
