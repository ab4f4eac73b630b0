"""The inventory of personal data on the real platform: every field it declares is filled by a person's
journey through referral and cases, given whole by the export, never written in clear to a log or an
event, and gone from every table of both databases after the erasure."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from passerelle import clock
from passerelle.auth import Role
from passerelle.contracts import topics
from passerelle.privacy.inventory import ACTIVITIES, ACTIVITY_DETAILS, CASES, REFERRALS, TABLES
from tests.support import eventually, read_topic, referral_body


def distinctive_person() -> tuple[dict, dict[str, str]]:
    """A referral whose every personal field holds a value found nowhere else; those values, by field."""
    mark = secrets.token_hex(4)
    values = {
        "last_name": f"Nomtest{mark}",
        "first_name": f"Prenomtest{mark}",
        "phone": f"06{secrets.randbelow(10**8):08d}",
        "address": f"{mark} impasse des Essais",
        "commune": f"Communetest{mark}",
        "observations": f"Observationtest{mark}",
        "reason_other": f"Motiftest{mark}",
        "difficulty_other": f"Difficultetest{mark}",
        "referrer.name": f"Orienteurtest{mark}",
        "referrer.phone": f"04{secrets.randbelow(10**8):08d}",
        "consent_recorded_by": f"Recueiltest{mark}",
    }
    body = referral_body(
        referrer={**referral_body()["referrer"], "name": values["referrer.name"], "phone": values["referrer.phone"]},
        beneficiary={
            **referral_body()["beneficiary"],
            **{k: values[k] for k in ("last_name", "first_name", "phone", "address", "commune")},
        },
        reasons=["care_rupture", "other"],
        reason_other=values["reason_other"],
        difficulties=["exile", "other"],
        difficulty_other=values["difficulty_other"],
        observations=values["observations"],
        consent={**referral_body()["consent"], "recorded_by": values["consent_recorded_by"]},
    )
    return body, values


def follow_the_person(tenant, body: dict, values: dict[str, str]) -> dict:
    """Referred, accepted, followed with an activity of every kind carrying free text, kept longer."""
    referral = tenant.http("referral", Role.REFERRER).post("/referrals", json=body).json()
    tenant.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
    cases = tenant.http("cases", Role.MEDIATOR)
    case = eventually(
        lambda: cases.get("/cases", params={"referral_id": referral["id"]}).json()["items"], what="the case opened"
    )[0]
    url = f"/cases/{case['id']}"
    cases.put(f"{url}/barriers", json={"barriers": ["language", "no_gp"]}).raise_for_status()
    mark = values["last_name"].removeprefix("Nomtest")
    values |= {"comment": f"Commentairetest{mark}", "destination": f"Lieutest{mark}"}
    values |= {"specialty": f"Specialitetest{mark}", "scheme_other": f"Dispositiftest{mark}"}
    values |= {"retention_reason": f"Prolongationtest{mark}"}
    day = {"occurred_on": clock.today().isoformat(), "comment": values["comment"]}  # not before the receipt
    for activity in (
        {"kind": "appointment", "mode": "scheduled", "duration_minutes": 30},
        {"kind": "procedure", "scheme": "other", "scheme_other": values["scheme_other"]},
        {"kind": "accompaniment", "destination": values["destination"]},
        {"kind": "orientation", "partner_type": "gp", "partner_name": "Maison de santé du Pont"},
        {"kind": "medical_appointment_booked", "specialty": values["specialty"]},
        {"kind": "coordination_meeting", "meeting": "dac"},
        {"kind": "note"},
    ):
        cases.post(f"{url}/activities", json={**day, **activity}).raise_for_status()
    coordinator = tenant.http("cases", Role.COORDINATOR)
    until = {"until": (clock.today() + timedelta(days=30)).isoformat(), "reason": values["retention_reason"]}
    coordinator.post(f"/retention/cases/{case['id']}/extend", json=until).raise_for_status()
    return {**cases.get(url).json(), "referral_id": referral["id"]}


# What the case file holds of the values above (the consent's recording stays with the referral).
HELD_BY_THE_CASE = (
    "observations",  # the fiche's context, on the case file (referral_context)
    "reason_other",
    "difficulty_other",
    "referrer.name",
    "referrer.phone",
    "last_name",
    "first_name",
    "phone",
    "address",
    "commune",
    "comment",
    "destination",
    "specialty",
    "scheme_other",
    "retention_reason",
)


def rows_of(platform, database: str, table: str, where: str) -> list[dict]:
    text = platform.postgres.psql(f"SELECT row_to_json(t)::text FROM {table} t WHERE {where}", database)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def dump(platform, database: str) -> str:
    """Every row of every table the inventory declares for this database, as text."""
    names = [t.name for t in TABLES if t.service in (database, "*")]
    return "\n".join(platform.postgres.psql(f"SELECT row_to_json(t)::text FROM {name} t", database) for name in names)


def test_every_declared_field_is_filled_exported_kept_out_of_logs_and_events_and_erased_everywhere(platform, tenant_a):
    body, values = distinctive_person()
    case = follow_the_person(tenant_a, body, values)

    referral_row = rows_of(platform, "referral", "referrals", f"id = '{case['referral_id']}'")[0]
    empty = [name for name in REFERRALS.erased if referral_row[name] in (None, [])]
    assert empty == ["decline_note", "referrer_message"]  # accepted: no refusal to explain
    case_row = rows_of(platform, "cases", "cases", f"id = '{case['id']}'")[0]
    assert not [name for name in CASES.erased if case_row[name] in (None, [])]
    details = {k for a in rows_of(platform, "cases", "activities", f"case_id = '{case['id']}'") for k in a["details"]}
    assert {k for k, f in ACTIVITY_DETAILS.items() if f.erased} <= details

    mediator = tenant_a.http("cases", Role.MEDIATOR)
    exported = json.dumps(mediator.get(f"/cases/{case['id']}/export").json(), ensure_ascii=False)
    assert not [k for k in HELD_BY_THE_CASE if values[k] not in exported], exported

    logs = "\n".join(path.read_text(errors="replace") for path in platform.data_dir.rglob("*.log"))
    assert "/cases/{case_id}/export" in logs  # the scan reads the services' logs
    assert not [k for k, v in values.items() if v in logs]
    read = (*topics.ALL_TOPICS, topics.indicators_topic(tenant_a.tenant))  # the others carry other tenants' figures
    found = [r for topic in read for r in read_topic(platform.kafka.admin, topic, seconds=1)]
    records = "\n".join(r.value.decode(errors="replace") for r in found if r.value)
    assert not [k for k, v in values.items() if v in records]

    mediator.post(f"/cases/{case['id']}/erase").raise_for_status()
    eventually(
        lambda: rows_of(platform, "referral", "referrals", f"id = '{case['referral_id']}'")[0]["last_name"] is None,
        what="the referral emptied after beneficiary.erased",
    )
    for database in ("referral", "cases"):
        stored = dump(platform, database)
        assert not [k for k, v in values.items() if v in stored], database
    emptied = rows_of(platform, "cases", "activities", f"case_id = '{case['id']}'")
    assert {a["kind"] for a in emptied} == {
        "appointment",
        "procedure",
        "accompaniment",
        "orientation",
        "medical_appointment_booked",
        "coordination_meeting",
        "note",
    }  # the counts stay
    assert all(a["comment"] is None for a in emptied) and ACTIVITIES.fields["comment"].erased
