"""The dashboard's months and the département's tenants are computed in one pass, grouped: each month's
figures (the first and last months cut to the period) are exactly that month's own computation, and each
tenant's column of the département is exactly its own indicators — every indicator, breakdown aside."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from passerelle.auth import Role
from passerelle.contracts import events as e
from reporting.domain import suppression
from tests.reporting.history import History, moment
from tests.support import eventually

KINDS = ("appointment", "appointment", "procedure", "orientation", "accompaniment", "note")


def a_varied_year(tenant: str, rng: random.Random) -> History:
    """Cases opened from referrals and directly, activities of every kind, outcomes, closures reopened and
    closed again, partners by id and by name, outreach actions, referrals decided in a later month, missed
    appointments: each dated somewhere in 2025."""
    h, partner = History(tenant), uuid.uuid4()
    h.add(e.PartnerRegistered(partner_id=partner, name="PASS de Vienne", type="health"), partner)
    for n in range(40):
        opened = date(2025, 1, 1) + timedelta(days=rng.randrange(330))
        case = h.case(opened, referral_submitted=opened - timedelta(days=rng.randrange(0, 9)) if n % 3 else None)
        for step in range(rng.randrange(1, 6)):
            on = opened + timedelta(days=7 * step + rng.randrange(3))
            kind = rng.choice(KINDS)
            fields: dict = {}
            if kind == "procedure":
                fields = {"scheme": rng.choice(("AME", "C2S")), "channel": rng.choice(("standard", "LUP"))}
            elif kind == "orientation":
                named = rng.random() < 0.5
                fields = {"partner_type": "gp", "partner_name": "pass de vienne" if named else "Cabinet du Pont"}
                fields |= {"partner_id": partner} if named else {}
            activity = h.activity(case, kind, on, **fields)
            if kind == "orientation" and rng.random() < 0.6:
                h.outcome(case, activity, rng.choice(("followed", "not_followed")), on + timedelta(days=20))
        if n % 4 == 0:
            h.close(case, opened + timedelta(days=30), rng.choice(("improved", "lost_contact")), rng.randrange(1, 6))
            if n % 8 == 0:
                h.reopen(case, opened + timedelta(days=31))
                h.close(case, opened + timedelta(days=33), "improved", 5)
        if n % 5 == 0:
            h.add(
                e.CaseAppointmentMissed(
                    case_id=case[0], appointment_id=uuid.uuid4(), beneficiary_pid=case[1], kind="appointment",
                    missed_on=opened + timedelta(days=2),
                ),
                case[0],
            )  # fmt: skip
        received = opened - timedelta(days=1)
        referral = uuid.uuid4()
        h.add(
            e.ReferralSubmitted(
                referral_id=referral, beneficiary_pid=case[1], source="professional", reasons=("rights_access",),
                difficulties=("isolation",), submitted_at=moment(received),
            ),
            referral,
        )  # fmt: skip
        declined = moment(received + timedelta(days=40))
        h.add(
            e.ReferralDeclined(
                referral_id=referral, beneficiary_pid=case[1], reason="out_of_scope", declined_at=declined
            ),
            referral,
        )
    for n in range(15):
        h.action(rng.choice(("street_outreach", "drop_in", "event")), date(2025, 1, 5) + timedelta(days=23 * n),
                 people_met=rng.randrange(1, 30), partner_ids=(partner,) if n % 2 else ())  # fmt: skip
    return h


def test_months_and_tenants_computed_in_one_pass_are_each_one_s_own(platform, tenant_a, tenant_b):
    for tenant, seed in ((tenant_a, 1), (tenant_b, 2)):
        a_varied_year(tenant.tenant, random.Random(seed)).publish(platform.kafka_admin)
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    everything = {"from": "2024-12-01", "to": "2026-03-01"}
    for tenant in (tenant_a, tenant_b):
        reporting = tenant.http("reporting", Role.COORDINATOR)
        eventually(
            lambda r=reporting: r.get("/indicators", params=everything).json()["indicators"]["referrals_decided"] == 40,
            what=f"{tenant.tenant}'s year applied",
        )
    whole = {"from": "2025-01-15", "to": "2026-01-15"}  # the first and last months cut

    monthly = coordinator.get("/indicators/monthly", params=whole).json()
    assert len(monthly) == 13
    starts = [date(2025, 1, 15), *(date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(2, 14))]
    for month, start in zip(monthly, starts, strict=True):
        end = min(date(start.year + start.month // 12, start.month % 12 + 1, 1), date(2026, 1, 15))
        own = coordinator.get("/indicators", params={"from": start.isoformat(), "to": end.isoformat()}).json()
        assert month["indicators"] == own["indicators"], month["month"]
    year = coordinator.get("/indicators", params=whole).json()["indicators"]
    assert sum(m["indicators"]["missed_appointments"] for m in monthly) == year["missed_appointments"] > 0

    operator = tenant_a.__class__(platform, None).http("reporting", Role.OPERATOR)
    table = operator.get("/departement/indicators", params=whole | {"tenants": f"{tenant_a.tenant},{tenant_b.tenant}"})
    table = table.json()
    own = {
        t.tenant: t.http("reporting", Role.COORDINATOR).get("/indicators", params=whole).json()["indicators"]
        for t in (tenant_a, tenant_b)
    }
    expected = suppression.suppress_table(own)
    for tenant in (tenant_a, tenant_b):
        assert table["tenants"][tenant.tenant] == expected["tenants"][tenant.tenant]
