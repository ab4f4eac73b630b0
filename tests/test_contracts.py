"""The event envelope and payload contracts, without a broker."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from passerelle import clock
from passerelle.contracts import ContractError, Envelope, parse_payload
from passerelle.contracts.events import CaseActivityRecorded, ReferralAccepted, SealedPersonalData
from passerelle.contracts.payloads import all_payload_models


def an_activity() -> CaseActivityRecorded:
    return CaseActivityRecorded(
        case_id=uuid.uuid4(),
        activity_id=uuid.uuid4(),
        beneficiary_pid=uuid.uuid4(),
        kind="appointment",
        occurred_on=date(2026, 3, 2),
    )


def test_an_envelope_survives_the_trip_through_kafka_headers():
    payload = an_activity()
    envelope = Envelope.wrap(
        payload, source="/passerelle/cases", subject=str(payload.case_id), tenant="cpts-a", correlation_id="c-1"
    )
    back = Envelope.from_kafka(envelope.kafka_headers(), envelope.kafka_value())
    assert back == envelope
    assert parse_payload(back) == payload
    assert set(envelope.kafka_headers()) == {
        f"ce_{a}"
        for a in (
            "id",
            "source",
            "type",
            "time",
            "subject",
            "specversion",
            "datacontenttype",
            "tenantid",
            "correlationid",
            "dataversion",
        )
    }


@pytest.mark.parametrize(
    "headers, value, reason",
    [
        ({}, b"{}", "missing CloudEvents headers"),
        (
            {
                "ce_id": str(uuid.uuid4()),
                "ce_source": "s",
                "ce_type": "case.opened",
                "ce_subject": "x",
                "ce_tenantid": "t",
                "ce_dataversion": "1",
            },
            b"\xff\xfe",
            "payload is not JSON",
        ),
        (
            {
                "ce_id": "not-a-uuid",
                "ce_source": "s",
                "ce_type": "case.opened",
                "ce_subject": "x",
                "ce_tenantid": "t",
                "ce_dataversion": "1",
            },
            b"{}",
            "invalid envelope: id",
        ),
        (
            {
                "ce_id": str(uuid.uuid4()),
                "ce_source": "s",
                "ce_type": "case.opened",
                "ce_subject": "x",
                "ce_tenantid": "t",
                "ce_dataversion": "1",
            },
            b"[1]",
            "not a JSON object",
        ),
    ],
)
def test_a_record_that_is_not_an_event_is_refused_with_a_reason(headers, value, reason):
    with pytest.raises(ContractError, match=reason):
        Envelope.from_kafka(headers, value)


def test_an_unknown_type_or_version_is_refused():
    envelope = Envelope(
        source="s", type="case.teleported", subject="x", tenantid="t", correlationid="c", dataversion=1, data={}
    )
    with pytest.raises(ContractError, match=r"unknown event type case\.teleported v1"):
        parse_payload(envelope)


def test_payloads_are_frozen_and_refuse_unknown_fields():
    now = clock.now()
    sealed = SealedPersonalData(algorithm="AES-256-GCM", key_id="k", nonce="bm9uY2U=", ciphertext="c2VhbGVk")
    accepted = ReferralAccepted(
        referral_id=uuid.uuid4(),
        beneficiary_pid=uuid.uuid4(),
        submitted_at=now,
        accepted_at=now,
        accepted_by="mediator@a",
        personal_data=sealed,
    )
    with pytest.raises(ValidationError):
        accepted.accepted_by = "someone else"
    with pytest.raises(ValidationError):
        ReferralAccepted(**accepted.model_dump(), last_name="Durand")


def test_no_payload_has_a_field_for_personal_data():
    personal = {"last_name", "first_name", "birth_date", "phone", "address", "observations", "name"}
    organisations = {"tenant.registered", "partner.registered", "partner.updated", "case.partner_added"}  # structures
    for model in all_payload_models():
        if model.event_type in organisations:
            assert "contact_point" not in model.model_fields  # a structure's contact may be a person
            continue
        assert not personal & set(model.model_fields), model.event_type
