"""The outreach calendar as a week grid: the weekly series planned from the page (a drop-in every Tuesday
at 14:00 for three hours) take their place in each week, at their time, beside what was recorded; a series
that cannot be is refused in French beside its field; another tenant's week shows none of it."""

from __future__ import annotations

import html
from datetime import timedelta

from passerelle import clock
from passerelle.auth import Role
from tests.support import page_client


def test_a_weekly_series_planned_from_the_calendar_fills_each_week_at_its_time(platform, tenant_a, tenant_b):
    pages = page_client(platform, tenant_a)
    first = clock.today() + timedelta(days=1)
    form = {
        "kind": "drop_in",
        "first": first.isoformat(),
        "until": (first + timedelta(weeks=3)).isoformat(),
        "start_time": "14:00",
        "duration_minutes": "180",
        "commune": "Échirolles",
        "neighbourhood": "Village 2",
    }
    backwards = pages.post("/outreach/calendrier/serie", data=form | {"until": clock.today().isoformat()})
    assert backwards.status_code == 422
    assert 'id="series-until-error">La série finit avant de commencer.' in html.unescape(backwards.text)
    nameless = pages.post("/outreach/calendrier/serie", data=form | {"kind": ""})
    assert nameless.status_code == 422 and 'id="series-kind-error"' in nameless.text
    assert "Village 2" in html.unescape(nameless.text)  # what was typed stays

    planned = pages.post("/outreach/calendrier/serie", data=form)
    assert planned.status_code == 303 and "prevue=4" in planned.headers["location"]
    for week in range(4):
        day = first + timedelta(weeks=week)
        grid = html.unescape(pages.get("/outreach/calendrier", params={"semaine": day.isoformat()}).text)
        assert grid.count('class="agenda-day"') == 7
        assert "14:00–17:00 · Permanence" in grid and "Village 2, Échirolles" in grid, week
    after = first + timedelta(weeks=4)
    assert "Village 2" not in pages.get("/outreach/calendrier", params={"semaine": after.isoformat()}).text

    series = tenant_a.http("outreach", Role.MEDIATOR).get("/actions", params={"status": "planned"}).json()["items"]
    assert {a["start_time"] for a in series if a["neighbourhood"] == "Village 2"} == {"14:00:00"}
    other = page_client(platform, tenant_b).get("/outreach/calendrier", params={"semaine": first.isoformat()})
    assert "Village 2" not in html.unescape(other.text)
