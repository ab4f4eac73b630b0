"""Each indicator's definition (shared/domain.md) on small histories, edge cases included."""

from __future__ import annotations

import time
import uuid
from datetime import date

from passerelle.auth import Role
from passerelle.contracts import events as e
from tests.reporting.history import History, moment
from tests.support import eventually, indicators

Q1 = (date(2026, 1, 1), date(2026, 4, 1))


def settle(tenant, history: History, platform, expected: dict, what: str) -> dict:
    """Publish the history and wait until every expected figure is reached: events of different
    cases travel on different partitions, so one figure reached says nothing of the others."""
    history.publish(platform.kafka.admin)
    coordinator = tenant.http("reporting", Role.COORDINATOR)

    def settled() -> dict | None:
        values = indicators(coordinator, *Q1)
        return values if all(values[name] == value for name, value in expected.items()) else None

    return eventually(settled, timeout=60, what=f"{what}: {expected}")


def test_activities_count_on_their_day_boundaries_included_at_the_start_only(platform, tenant_a):
    h = History(tenant_a.tenant)
    case = h.case(date(2025, 12, 1))
    h.activity(case, "appointment", date(2026, 1, 1))  # first day: in
    h.activity(case, "appointment", date(2026, 3, 31))  # last day: in
    h.activity(case, "appointment", date(2026, 4, 1))  # the end is excluded
    h.activity(case, "accompaniment", date(2025, 12, 31))  # before: out
    h.activity(h.case(date(2026, 2, 1)), "note", date(2026, 2, 2))  # a note does not make a person accompanied
    settle(
        tenant_a,
        h,
        platform,
        {
            "individual_appointments": 2,
            "followups_initiated": 1,
            "persons_accompanied": 1,
            "physical_accompaniments": 0,
        },
        "activities counted",
    )


def test_a_case_closed_reopened_and_closed_again_counts_once_with_its_last_closure(platform, tenant_a):
    h = History(tenant_a.tenant)
    twice, once, unscored = h.case(date(2025, 6, 1)), h.case(date(2025, 6, 1)), h.case(date(2025, 6, 1))
    h.close(twice, date(2026, 1, 10), "not_improved", satisfaction=2)
    h.reopen(twice, date(2026, 1, 20))
    h.close(twice, date(2026, 3, 1), "improved", satisfaction=5)
    h.close(once, date(2026, 2, 1), "lost_contact", satisfaction=3)
    h.close(unscored, date(2026, 2, 2), "improved")
    settle(
        tenant_a,
        h,
        platform,
        {
            "cases_closed": 3,
            "closed_improved": 2,
            "improvement_rate": round(2 / 3, 4),
            "satisfaction_mean": 4.0,
            "satisfaction_responses": 2,
        },
        "closures",
    )


def test_orientations_their_outcome_learnt_later_and_the_persons_oriented(platform, tenant_a):
    h = History(tenant_a.tenant)
    first, second = h.case(date(2025, 6, 1)), h.case(date(2025, 6, 1))
    followed = h.activity(first, "orientation", date(2026, 3, 20), partner_type="gp", partner_name="PASS d'Alès")
    h.activity(first, "orientation", date(2026, 1, 5), partner_type="dentist", partner_name="pass d'alès")
    h.activity(second, "orientation", date(2026, 2, 5), partner_type="cmp", partner_name="CMP Alès")
    h.outcome(first, followed, "followed", date(2026, 5, 2))  # learnt after the period: still counts
    settle(
        tenant_a,
        h,
        platform,
        {
            "orientations_followed": 1,
            "orientations_proposed": 3,
            "persons_oriented": 2,
            "follow_rate": round(1 / 3, 4),
            "partners_involved": 2,
        },  # "PASS d'Alès" named twice, in two spellings
        "orientations",
    )


def test_partners_are_counted_by_the_directory_s_id_not_by_their_spelling(platform, tenant_a):
    h = History(tenant_a.tenant)
    case = h.case(date(2025, 6, 1))
    ccas, ccas_uzes, pass_ales = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    h.add(e.PartnerRegistered(partner_id=pass_ales, name="PASS d'Alès", type="health"), pass_ales)
    for name in ("CCAS d'Alès", "CCAS Alès"):  # one structure, two spellings
        h.activity(
            case, "orientation", date(2026, 1, 5), partner_type="social_worker", partner_name=name, partner_id=ccas
        )
    h.activity(
        case, "orientation", date(2026, 2, 5), partner_type="social_worker", partner_name="CCAS", partner_id=ccas_uzes
    )
    h.activity(
        case, "orientation", date(2026, 2, 6), partner_type="social_worker", partner_name="CCAS", partner_id=ccas
    )
    h.action("street_outreach", date(2026, 1, 10), 12, partner_ids=(pass_ales,))
    h.activity(case, "orientation", date(2026, 3, 1), partner_type="pass", partner_name="pass d'alès")  # before ids
    settle(
        tenant_a, h, platform, {"orientations_proposed": 5, "partners_involved": 3}, "partners by id"
    )  # the CCAS of Alès (three names), another CCAS (same name, another id), the PASS (by id and by its name)


def test_an_erased_beneficiary_still_counts_and_a_redelivered_event_once(platform, tenant_a):
    h = History(tenant_a.tenant)
    case = h.case(date(2026, 1, 2))
    h.activity(case, "appointment", date(2026, 1, 3))
    h.add(
        e.BeneficiaryErased(
            beneficiary_pid=case[1], case_id=case[0], referral_id=None, erased_at=moment(date(2026, 1, 4))
        ),
        case[0],
    )
    h.envelopes.append(h.envelopes[1])  # the appointment delivered twice
    settle(tenant_a, h, platform, {"persons_accompanied": 1, "individual_appointments": 1}, "appointment")
    time.sleep(2)  # the duplicate, delivered after, changes nothing
    assert indicators(tenant_a.http("reporting", Role.COORDINATOR), *Q1)["individual_appointments"] == 1


def test_procedures_by_scheme_and_lup_referrals(platform, tenant_a):
    h = History(tenant_a.tenant)
    case = h.case(date(2025, 6, 1))
    for scheme, channel in (("AME", "LUP"), ("AME", "standard"), ("C2S", "LUP"), ("MDPH", "standard")):
        h.activity(case, "procedure", date(2026, 2, 1), scheme=scheme, channel=channel)
    settle(tenant_a, h, platform, {"procedures_started": 4, "lup_referrals": 2}, "procedures")
    answer = (
        tenant_a.http("reporting", Role.COORDINATOR)
        .get("/indicators", params={"from": "2026-01-01", "to": "2026-04-01"})
        .json()
    )
    assert answer["indicators"]["lup_referrals"] == 2
    assert answer["breakdowns"]["procedures_by_scheme"] == {"AME": 2, "C2S": 1, "MDPH": 1}


def test_outreach_counts_and_partners_named_in_actions(platform, tenant_a):
    h = History(tenant_a.tenant)
    pass_id, ccas_id = uuid.uuid4(), uuid.uuid4()
    h.add(e.PartnerRegistered(partner_id=pass_id, name="PASS d'Alès", type="health"), pass_id)
    h.action("street_outreach", date(2026, 1, 10), 12, partner_ids=(pass_id,))
    h.action("collective_action", date(2026, 2, 10), 20, partner_ids=(ccas_id,))
    h.action("event", date(2026, 3, 8), 40)
    h.action("partner_meeting", date(2026, 3, 9), 9)  # people met at a meeting are not "received"
    h.action("training", date(2026, 3, 10), 5)
    h.activity(
        h.case(date(2025, 6, 1)), "orientation", date(2026, 1, 5), partner_type="pass", partner_name="PASS D'ALÈS"
    )
    settle(
        tenant_a,
        h,
        platform,
        {
            "outreach_actions": 3,
            "persons_received": 72,
            "collective_actions": 2,
            "partner_meetings": 1,
            "partners_involved": 2,
        },  # the PASS (by id and by name) and the CCAS
        "actions",
    )


def test_referrals_received_their_breakdowns_acceptance_and_days_to_first_appointment(platform, tenant_a):
    h = History(tenant_a.tenant)
    ids = [uuid.uuid4() for _ in range(4)]
    for referral_id, source, reasons in zip(
        ids,
        ("professional", "professional", "outreach", "word_of_mouth"),
        (("care_rupture",), ("rights_access", "care_rupture"), ("rights_access",), ("other",)),
        strict=True,
    ):
        h.add(
            e.ReferralSubmitted(
                referral_id=referral_id,
                beneficiary_pid=uuid.uuid4(),
                source=source,
                reasons=reasons,
                difficulties=("isolation",),
                submitted_at=moment(date(2026, 1, 5)),
            ),
            referral_id,
        )
    transferred = uuid.uuid4()
    h.add(
        e.ReferralReceivedByTransfer(
            referral_id=transferred,
            beneficiary_pid=uuid.uuid4(),
            from_tenant="other",
            source="professional",
            reasons=("complex_pathway",),
            received_at=moment(date(2026, 2, 1)),
        ),
        transferred,
    )
    accepted_at = moment(date(2026, 1, 8))
    for referral_id in ids[:2]:
        h.add(
            e.ReferralAccepted(
                referral_id=referral_id,
                beneficiary_pid=uuid.uuid4(),
                submitted_at=accepted_at,
                accepted_at=accepted_at,
                accepted_by="m",
                personal_data=e.SealedPersonalData(
                    algorithm="AES-256-GCM", key_id="k", nonce="bg==", ciphertext="Yw=="
                ),
            ),
            referral_id,
        )
    h.add(
        e.ReferralDeclined(
            referral_id=ids[2], beneficiary_pid=uuid.uuid4(), reason="relayed", declined_at=moment(date(2026, 1, 9))
        ),
        ids[2],
    )
    fast, slow = (
        h.case(date(2026, 1, 8), referral_submitted=date(2026, 1, 1)),
        h.case(date(2026, 1, 8), referral_submitted=date(2026, 1, 1)),
    )
    h.activity(fast, "appointment", date(2026, 1, 11))
    h.activity(fast, "appointment", date(2026, 1, 30))  # only the first one matters
    h.activity(slow, "appointment", date(2026, 1, 21))
    settle(
        tenant_a,
        h,
        platform,
        {
            "referrals_received": 5,
            "acceptance_rate": round(2 / 3, 4),
            "referrals_decided": 3,
            "referrals_accepted": 2,
            "median_days_to_first_appointment": 15.0,
            "first_appointments_measured": 2,
        },
        "referrals",
    )
    answer = (
        tenant_a.http("reporting", Role.COORDINATOR)
        .get("/indicators", params={"from": "2026-01-01", "to": "2026-04-01"})
        .json()
    )
    assert answer["breakdowns"]["referrals_by_source"] == {"professional": 3, "outreach": 1, "word_of_mouth": 1}
    assert answer["breakdowns"]["referrals_by_reason"]["care_rupture"] == 2


def test_ratios_over_nothing_are_null_not_zero(tenant_a):
    values = indicators(tenant_a.http("reporting", Role.COORDINATOR), *Q1)
    assert values["acceptance_rate"] is None and values["follow_rate"] is None
    assert values["improvement_rate"] is None and values["median_days_to_first_appointment"] is None
    assert values["persons_accompanied"] == 0
