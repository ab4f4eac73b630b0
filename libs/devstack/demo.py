"""A year of invented activity for the demo tenants, entered the way people would, through the
services' APIs: referrals received and triaged, cases and their timelines, closures, outreach
actions. Done once per data folder, so that the dashboard, the report and the département view
have something to show on a first `bin/run`. Every person here is fictional. As when a team starts
with Passerelle and enters its paper files, the cases open today and their timelines go back a year."""

from __future__ import annotations

import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from devstack.platform import Platform
from passerelle import clock
from passerelle.auth import Role, mint_token

REPOSITORY = Path(__file__).resolve().parents[2]
FIRST_NAMES = (
    "Aline",
    "Bruno",
    "Chantal",
    "Driss",
    "Élise",
    "Farid",
    "Gisèle",
    "Hugo",
    "Inès",
    "Jules",
    "Karima",
    "Louis",
    "Malika",
    "Nadia",
    "Olivier",
    "Paulette",
    "Rachid",
    "Sylvie",
    "Thierry",
    "Yasmine",
)
LAST_NAMES = ("Martin", "Bernard", "Durand", "Petit", "Moreau", "Laurent", "Garcia", "Roux", "Fournier", "Benali")
PARTNERS = (
    ("gp", "Maison de santé du Pont"),
    ("pass", "PASS de l'hôpital"),
    ("dentist", "Centre dentaire mutualiste"),
    ("social_worker", "CCAS"),
    ("digital_inclusion", "Espace France Services"),
    ("cmp", "CMP adultes"),
)


def seed(platform: Platform, tenants: dict[str, tuple[str, list[str]]]) -> None:
    marker = platform.data_dir / "demo-activity"
    if marker.exists():
        return
    for slug, (_name, postal_codes) in tenants.items():
        _Tenant(platform, slug, postal_codes).fill(random.Random(slug))
    marker.write_text("demo activity entered once; delete this file and .data to start again\n")


class _Tenant:
    def __init__(self, platform: Platform, slug: str, postal_codes: list[str]):
        private = (platform.keys_dir / "jwt-private.pem").read_bytes()
        self.postal_codes = postal_codes

        def client(service: str, role: Role) -> httpx.Client:
            token = mint_token(private, subject=f"demo-{role}@{slug}", tenant=slug, roles=[role])
            return httpx.Client(
                base_url=platform.url(service), headers={"Authorization": f"Bearer {token}"}, timeout=30
            )

        self.referrer, self.triage = client("referral", Role.REFERRER), client("referral", Role.MEDIATOR)
        self.cases, self.outreach = client("cases", Role.MEDIATOR), client("outreach", Role.MEDIATOR)

    def fill(self, rng: random.Random) -> None:
        today = clock.today()
        for _ in range(40):
            first_seen = today - timedelta(days=rng.randrange(20, 360))
            opening = {"beneficiary": self._person(rng), "opened_on": str(first_seen)}
            case = self._call(self.cases.post("/cases", json=opening))
            self._timeline(rng, case["id"], first_seen, today)
        for _ in range(12):
            self._referral(rng)
        weekly: dict[str, str | int] = {
            "kind": "drop_in",
            "first": str(today),
            "until": str(today + timedelta(weeks=12)),
        }
        weekly |= {"start_time": "14:00", "duration_minutes": 180, "neighbourhood": "Centre social"}
        self._call(self.outreach.post("/series", json=weekly))  # the outreach calendar's weekly drop-in
        for _ in range(24):
            kind = rng.choice(
                ("street_outreach", "drop_in", "drop_in", "collective_action", "event", "partner_meeting")
            )
            self._call(
                self.outreach.post(
                    "/actions",
                    json={
                        "kind": kind,
                        "occurred_on": str(today - timedelta(days=rng.randrange(1, 360))),
                        "people_met": rng.randrange(4, 40),
                        "people_redirected": rng.randrange(0, 4),
                        "themes": rng.sample(["access_to_rights", "nutrition", "cancer_screening", "mental_health"], 2),
                    },
                )
            )

    def _timeline(self, rng: random.Random, case_id: str, first_seen: date, today: date) -> None:
        day = first_seen
        for _ in range(rng.randrange(2, 7)):
            day = min(day + timedelta(days=rng.randrange(3, 30)), today)
            kind = rng.choice(("appointment", "appointment", "procedure", "orientation", "accompaniment"))
            body = {"kind": kind, "occurred_on": str(day)}
            if kind == "appointment":
                body["mode"] = rng.choice(("drop_in", "scheduled", "phone"))
            elif kind == "procedure":
                body |= {
                    "scheme": rng.choice(("AME", "C2S", "PUMA", "MDPH")),
                    "channel": rng.choice(("standard", "LUP")),
                }
            elif kind == "accompaniment":
                body["destination"] = "Consultation à la PASS"
            else:
                partner_type, partner_name = rng.choice(PARTNERS)
                body |= {"partner_type": partner_type, "partner_name": partner_name}
            activity = self._call(self.cases.post(f"/cases/{case_id}/activities", json=body))
            if kind == "orientation" and day < today - timedelta(days=14):
                self._call(
                    self.cases.post(
                        f"/cases/{case_id}/activities/{activity['id']}/outcome",
                        json={
                            "outcome": rng.choice(("followed", "followed", "not_followed", "unknown")),
                            "recorded_on": str(day + timedelta(days=14)),
                        },
                    )
                )
        if rng.random() < 0.4:  # closed on the day of its last activity
            self._call(
                self.cases.post(
                    f"/cases/{case_id}/close",
                    json={
                        "outcome": rng.choice(("improved", "improved", "not_improved", "lost_contact", "relayed")),
                        "satisfaction": rng.randrange(3, 6),
                        "closed_on": str(day),
                    },
                )
            )
        else:  # still followed: an appointment planned in the fortnight to come
            coming = today + timedelta(days=rng.randrange(0, 14))
            place = rng.choice(("Permanence du centre social", "Maison des Habitants", "Par téléphone"))
            body = {"starts_at": f"{coming}T{rng.choice(('09:30', '10:30', '14:00', '15:30'))}:00", "place": place}
            self._call(self.cases.post(f"/cases/{case_id}/appointments", json=body))

    def _referral(self, rng: random.Random) -> None:
        body = json.loads((REPOSITORY / "docs" / "examples" / "referral.json").read_text())
        body["beneficiary"] |= self._person(rng)
        receipt = self._call(self.referrer.post("/referrals", json=body))
        if rng.random() < 0.7:
            self._call(self.triage.post(f"/referrals/{receipt['id']}/accept"))
        else:
            self._call(self.triage.post(f"/referrals/{receipt['id']}/decline", json={"reason": "out_of_scope"}))

    def _person(self, rng: random.Random) -> dict:
        return {
            "last_name": rng.choice(LAST_NAMES),
            "first_name": rng.choice(FIRST_NAMES),
            "birth_date": str(date(rng.randrange(1940, 2004), rng.randrange(1, 13), rng.randrange(1, 29))),
            "postal_code": rng.choice(self.postal_codes),
        }

    @staticmethod
    def _call(response: httpx.Response) -> dict:
        if response.status_code >= 400:
            raise RuntimeError(
                f"demo data refused: {response.request.method} {response.request.url.path} "
                f"{response.status_code} {response.text[:300]}"
            )
        return response.json() if response.content else {}


# one request per service that a tenant's mediator token may make: 401 until the service knows the tenant
TOKEN_PROBES = {"referral": "/referrals", "cases": "/cases", "outreach": "/actions", "reporting": "/indicators"}


def wait_until_known(platform: Platform, tenants, timeout: float = 60) -> None:
    """Every service accepts a tenant's tokens once it has read the tenant's announcement: wait for it."""
    private = (platform.keys_dir / "jwt-private.pem").read_bytes()
    pending = [(slug, service, path) for slug in tenants for service, path in TOKEN_PROBES.items()]
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        slug, service, path = pending[0]
        token = mint_token(private, subject="registration-check", tenant=slug, roles=[Role.MEDIATOR])
        if httpx.get(f"{platform.url(service)}{path}", headers={"Authorization": f"Bearer {token}"}).status_code != 401:
            pending.pop(0)
        else:
            time.sleep(0.1)
    if pending:
        raise RuntimeError(f"tenants not known to every service after {timeout}s: {pending}")
