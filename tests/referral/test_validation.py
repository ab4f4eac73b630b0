"""Every rule of the fiche d'orientation answers 422 naming the field and the reason."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from passerelle import clock
from passerelle.auth import Role
from tests.support import referral_body


def errors_of(answer: httpx.Response) -> dict[str, str]:
    assert answer.status_code == 422, answer.text
    return {e["field"]: e["reason"] for e in answer.json()["errors"]}


def with_beneficiary(**changes) -> dict:
    body = referral_body()
    body["beneficiary"] = {**body["beneficiary"], **changes}
    return body


@pytest.mark.parametrize("phone", ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "04.66.12.34.56"])
def test_french_phone_numbers_are_accepted_in_their_usual_spellings(tenant_a, phone):
    answer = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=with_beneficiary(phone=phone))
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize(
    "changes, field, reason",
    [
        ({"phone": "12 34"}, "beneficiary.phone", "French phone"),
        ({"phone": "+44 20 7946 0958"}, "beneficiary.phone", "French phone"),
        ({"postal_code": "3050"}, "beneficiary.postal_code", "pattern"),
        ({"postal_code": "ABCDE"}, "beneficiary.postal_code", "pattern"),
        ({"birth_date": (clock.today() + timedelta(days=2)).isoformat()}, "beneficiary.birth_date", "future"),
        ({"birth_date": "1880-01-01"}, "beneficiary.birth_date", "120 years"),
        ({"birth_date": "12/04/1961"}, "beneficiary.birth_date", "date"),
        ({"last_name": ""}, "beneficiary.last_name", "at least 1"),
        ({"last_name": "x" * 101}, "beneficiary.last_name", "at most 100"),
        ({"address": "x" * 301}, "beneficiary.address", "at most 300"),
        ({"nickname": "Lili"}, "beneficiary.nickname", "not permitted"),
    ],
)
def test_a_faulty_beneficiary_field_is_named_with_its_reason(tenant_a, changes, field, reason):
    answer = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=with_beneficiary(**changes))
    assert reason in errors_of(answer)[field]


@pytest.mark.parametrize(
    "changes, field, reason",
    [
        ({"reasons": []}, "reasons", "at least 1"),
        ({"reasons": ["boredom"]}, "reasons.0", "care_rupture"),
        ({"reasons": ["other"]}, "reason_other", "describe the other reason"),
        ({"difficulties": ["homesick"]}, "difficulties.0", "socio_economic"),
        ({"difficulties": ["other"]}, "difficulty_other", "describe the other difficulty"),
        ({"observations": "x" * 2001}, "observations", "at most 2000"),
        ({"source": "pigeon"}, "source", "professional"),
        ({"referrer": None}, "referrer", "required when the source is a professional"),
        ({"unexpected": 1}, "unexpected", "not permitted"),
        (
            {
                "consent": {
                    "given": True,
                    "recorded_by": "Dr M",
                    "method": "telepathy",
                    "recorded_at": "2026-01-15T10:00:00+01:00",
                }
            },
            "consent.method",
            "signed_form",
        ),
        (
            {
                "consent": {
                    "given": True,
                    "recorded_by": "Dr M",
                    "method": "digital",
                    "recorded_at": "2999-01-15T10:00:00+01:00",
                }
            },
            "consent.recorded_at",
            "future",
        ),
        (
            {
                "consent": {
                    "given": True,
                    "recorded_by": "Dr M",
                    "method": "digital",
                    "recorded_at": "2026-01-15T10:00:00",
                }
            },
            "consent.recorded_at",
            "time zone",
        ),
    ],
)
def test_a_faulty_referral_field_is_named_with_its_reason(tenant_a, changes, field, reason):
    answer = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body(**changes))
    assert reason in errors_of(answer)[field]


def test_a_referral_without_a_professional_names_its_channel(tenant_a):
    body = referral_body(source="outreach", referrer=None)
    assert tenant_a.http("referral", Role.MEDIATOR).post("/referrals", json=body).status_code == 201


def test_an_oversized_body_is_refused_with_413(tenant_a):
    body = referral_body(observations="x" * 100_000)
    answer = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body)
    assert answer.status_code == 413
    assert "KiB" in answer.json()["detail"]
