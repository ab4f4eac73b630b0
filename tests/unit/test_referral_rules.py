"""The rules of a referral (the fiche d'orientation), on plain domain objects."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from passerelle.errors import InvalidTransition
from referral.domain.model import PERSONAL_FIELDS, Referral, ReferralStatus, identity_key, new_tracking_code

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def a_referral(**fields) -> Referral:
    defaults = dict(
        id=uuid.uuid4(),
        tenant_id="t",
        source="professional",
        referrer={"name": "Dr Martin"},
        submitted_by="public",
        last_name="Lefèvre-Dupont",
        first_name="Aline",
        birth_date=date(1961, 4, 12),
        phone="06 12 34 56 78",
        address="3 rue des Écoles",
        postal_code="30500",
        commune="Saint-Ambroix",
        reasons=["care_rupture"],
        reason_other=None,
        difficulties=["isolation"],
        difficulty_other=None,
        observations="Sans médecin",
        consent_recorded_by="Dr Martin",
        consent_method="oral_with_professional",
        consent_recorded_at=AT,
        submitted_at=AT,
    )
    return Referral(**{**defaults, **fields})


def test_names_are_compared_without_case_accents_spaces_or_hyphens():
    assert identity_key("Lefèvre-Dupont", "Aline", date(1961, 4, 12)) == identity_key(
        "lefevre dupont", "ALINE", date(1961, 4, 12)
    )
    assert a_referral().identity_key == "lefevredupont|aline|1961-04-12"


def test_a_tracking_code_is_read_aloud_without_ambiguous_characters():
    code = new_tracking_code()
    assert len(code) == 14 and code.count("-") == 2
    assert not set(code.replace("-", "")) & set("01IO")


def test_a_referral_is_decided_once():
    referral = a_referral()
    referral.accept(by="mediator@t", at=AT)
    assert (referral.status, referral.decided_by) == (ReferralStatus.ACCEPTED, "mediator@t")
    with pytest.raises(InvalidTransition):
        referral.decline(reason="out_of_scope", note=None, by="mediator@t", at=AT)


def test_the_referrer_sees_closed_once_the_case_opened_from_it_is_closed():
    referral = a_referral()
    referral.accept(by="mediator@t", at=AT)
    assert referral.tracking_status == "accepted"
    referral.case_closed = True
    assert referral.tracking_status == "closed"


def test_a_transfer_gives_the_receiver_everything_and_keeps_nothing_personal():
    referral = a_referral()
    received = referral.transfer_to("other", by="mediator@t", at=AT)
    assert (received.tenant_id, received.last_name, received.status) == ("other", "Lefèvre-Dupont", "submitted")
    assert received.tracking_code and referral.tracking_code is None
    assert referral.status == ReferralStatus.TRANSFERRED
    assert all(getattr(referral, name) is None for name in PERSONAL_FIELDS)


def test_withdrawn_consent_erases_and_cannot_be_withdrawn_twice():
    referral = a_referral()
    referral.withdraw_consent(by="mediator@t", at=AT)
    assert referral.status == ReferralStatus.WITHDRAWN and referral.identity_key is None
    with pytest.raises(InvalidTransition):
        referral.withdraw_consent(by="mediator@t", at=AT)
