"""The seed figures (shared/domain.md, from the territories' own reports), reproduced exactly from
event histories consistent with them, published through the real broker."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from datetime import date, timedelta

from passerelle.auth import Role
from tests.reporting.history import History
from tests.support import eventually, indicators, new_tenant

rng = random.Random(2022)


def day_in(year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def vienne_2022(h: History) -> None:
    """272 persons accompanied, 311 individual appointments, 8 collective actions."""
    cases = [h.case(date(2021, 12, 1)) for _ in range(272)]
    for case in cases:
        h.activity(case, "appointment", day_in(2022))
    for case in rng.sample(cases, 39):
        h.activity(case, "appointment", day_in(2022))
    for case in rng.sample(cases, 30):
        h.activity(case, "note", day_in(2022))
    for _ in range(10):  # notes alone do not make a person accompanied; 2021 and 2023 do not count
        h.activity(h.case(date(2022, 3, 1)), "note", day_in(2022))
    h.activity(cases[0], "appointment", date(2021, 12, 31))
    h.activity(cases[0], "appointment", date(2023, 1, 1))
    for kind in ("collective_action",) * 5 + ("event",) * 3:
        h.action(kind, day_in(2022), rng.randrange(5, 40))
    h.action("collective_action", date(2023, 1, 2), 10)


def grenoble_2021(h: History) -> None:
    """1,505 persons received, 652 follow-ups initiated, 143 physical accompaniments, 72 LUP."""
    remaining = 1505
    for n in range(60):
        met = remaining if n == 59 else rng.randrange(5, 40)
        remaining -= met
        h.action(
            rng.choice(("street_outreach", "drop_in", "home_visit", "collective_action", "event")), day_in(2021), met
        )
    h.action("partner_meeting", day_in(2021), 30)  # not "received"
    cases = [h.case(day_in(2021)) for _ in range(652)] + [h.case(date(2020, 11, 2)) for _ in range(20)]
    for case in rng.sample(cases, 143):
        h.activity(case, "accompaniment", day_in(2021))
    for case in rng.sample(cases, 72):
        h.activity(case, "procedure", day_in(2021), scheme=rng.choice(("AME", "C2S", "PUMA")), channel="LUP")
    for case in rng.sample(cases, 40):
        h.activity(case, "procedure", day_in(2021), scheme="CSS", channel="standard")


def reseda(h: History) -> None:
    """2021: 118 orientations proposed to 29 people, 68 followed. 2020–22: 74 cases closed, 59 improved."""
    people = [h.case(date(2020, 1, 6)) for _ in range(29)]
    for n in range(118):
        person = people[n % 29]
        orientation = h.activity(
            person, "orientation", day_in(2021), partner_type="gp", partner_name=f"Partenaire {n % 51}"
        )
        outcome = "followed" if n < 68 else rng.choice(("not_followed", "unknown"))
        h.outcome(person, orientation, outcome, date(2022, 1, 15))
    closed = [h.case(date(2019, 9, 1)) for _ in range(74)]
    for n, case in enumerate(closed):
        if n < 10:  # closed, reopened, closed again: counts once, by its last closure
            h.close(case, date(2020, 3, 1), "lost_contact")
            h.reopen(case, date(2020, 6, 1))
        h.close(case, date(2020 + n % 3, 7, 1), "improved" if n < 59 else "not_improved", satisfaction=4)


def test_the_seed_figures_are_reproduced_exactly(platform):
    vienne, grenoble, reseda_tenant = new_tenant(platform), new_tenant(platform), new_tenant(platform)
    for tenant, build in ((vienne, vienne_2022), (grenoble, grenoble_2021), (reseda_tenant, reseda)):
        history = History(tenant.tenant)
        build(history)
        history.publish(platform.kafka.admin)

    def figures(tenant, period: tuple[date, date], *names: str) -> tuple:
        values = indicators(tenant.http("reporting", Role.COORDINATOR), *period)
        return tuple(values[name] for name in names)

    def reproduced(tenant, period, expected: dict, what: str) -> None:
        names = tuple(expected)
        eventually(lambda: figures(tenant, period, *names) == tuple(expected.values()), timeout=150, what=what)

    year = {y: (date(y, 1, 1), date(y + 1, 1, 1)) for y in (2021, 2022)}
    reproduced(
        vienne,
        year[2022],
        {"persons_accompanied": 272, "individual_appointments": 311, "collective_actions": 8},
        "Vienne 2022",
    )
    reproduced(
        grenoble,
        year[2021],
        {"persons_received": 1505, "followups_initiated": 652, "physical_accompaniments": 143, "lup_referrals": 72},
        "Grenoble 2021",
    )
    reproduced(
        reseda_tenant,
        year[2021],
        {"orientations_proposed": 118, "orientations_followed": 68, "persons_oriented": 29},
        "Reseda 2021",
    )
    reproduced(
        reseda_tenant,
        (date(2020, 1, 1), date(2023, 1, 1)),
        {"cases_closed": 74, "closed_improved": 59},
        "Reseda 2020-22",
    )

    # again after a rebuild from the log alone; the live projections are damaged first, so that
    # numbers right afterwards prove the rebuild made them, and the service answers meanwhile
    tenants = (vienne, grenoble, reseda_tenant)
    before = {
        t.tenant: indicators(t.http("reporting", Role.COORDINATOR), date(2019, 1, 1), date(2024, 1, 1)) for t in tenants
    }
    platform.postgres.psql(
        f"DELETE FROM reporting.closure_facts WHERE tenant_id = '{reseda_tenant.tenant}'", "reporting"
    )
    assert figures(reseda_tenant, (date(2020, 1, 1), date(2023, 1, 1)), "cases_closed") == (0,)
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "passerelle.cli", "reporting", "rebuild"],
        env={**os.environ, **platform.env("reporting")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    answers = 0
    while rebuild.poll() is None:
        figures(vienne, year[2022], "persons_accompanied")  # raises unless 200
        answers += 1
    output = rebuild.stdout.read()
    assert rebuild.returncode == 0, output
    assert answers > 0
    assert re.search(r"rebuild: \d+ events to replay", output) and "rebuilt: " in output, output
    after = {
        t.tenant: indicators(t.http("reporting", Role.COORDINATOR), date(2019, 1, 1), date(2024, 1, 1)) for t in tenants
    }
    assert after == before, output
    reproduced(
        reseda_tenant,
        (date(2020, 1, 1), date(2023, 1, 1)),
        {"cases_closed": 74, "closed_improved": 59},
        "Reseda 2020-22 after the rebuild",
    )
