"""Correcting from the case file: an activity (its form, filled with what it says; what it was stays in
its history, shown as « corrigée »), and the person's identity or contact (who changed which fields,
when; never their former values)."""

from __future__ import annotations

import html

from passerelle import clock
from tests.support import page_client


def test_the_person_s_phone_and_address_are_corrected_and_the_case_says_who_did(platform, tenant_a, case, mediator):
    url = f"/cases/{case['id']}/beneficiary"
    identity = {
        k: case[k] for k in ("last_name", "first_name", "birth_date", "phone", "address", "postal_code", "commune")
    }
    refused = mediator.put(url, json=identity | {"phone": "12 34"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "phone"
    corrected = mediator.put(url, json=identity | {"phone": "07 11 22 33 44", "address": "5 place de la Mairie"}).json()
    assert (corrected["phone"], corrected["address"]) == ("0711223344", "5 place de la Mairie")
    [history] = corrected["identity_history"]
    assert history["changed"] == ["phone", "address"] and history["by"] and history["on"] == clock.today().isoformat()
    assert "0612345678" not in str(corrected["identity_history"])  # never the former values

    pages = page_client(platform, tenant_a)
    form = identity | {
        "phone": "07 11 22 33 44",
        "address": "5 place de la Mairie",
        "commune": "Alès",
        "postal_code": "301",
    }
    wrong = pages.post(f"/cases/accompagnements/{case['id']}/identite", data=form)
    assert wrong.status_code == 422
    assert 'id="identity-postal_code-error"' in wrong.text and "5 place de la Mairie" in html.unescape(wrong.text)
    done = pages.post(f"/cases/accompagnements/{case['id']}/identite", data=form | {"postal_code": "30100"})
    assert done.status_code == 303
    page = html.unescape(pages.get(f"/cases/accompagnements/{case['id']}").text)
    assert f"Corrigé le {clock.today():%d/%m/%Y}" in page and ": code postal, commune" in page

    mediator.post(f"/cases/{case['id']}/erase").raise_for_status()
    assert mediator.put(url, json=identity).status_code == 409  # nothing of the person is held any more


def test_an_activity_is_corrected_from_its_own_form_and_keeps_what_it_was(platform, tenant_a, case, mediator):
    today = clock.today().isoformat()
    appointment = mediator.post(
        f"/cases/{case['id']}/activities",
        json={"kind": "appointment", "mode": "drop_in", "duration_minutes": 30, "occurred_on": today},
    ).json()
    pages = page_client(platform, tenant_a)
    page = pages.get(f"/cases/accompagnements/{case['id']}").text
    assert (
        f"/activites/{appointment['id']}/corriger" in page
        and 'id="c1-duration_minutes" name="duration_minutes" value="30"' in page
    )
    correction = f"/cases/accompagnements/{case['id']}/activites/{appointment['id']}/corriger"
    wrong = pages.post(
        correction, data={"kind": "appointment", "mode": "drop_in", "duration_minutes": "9999", "occurred_on": today}
    )
    assert wrong.status_code == 422 and 'id="c1-duration_minutes-error"' in wrong.text
    done = pages.post(
        correction, data={"kind": "appointment", "mode": "phone", "duration_minutes": "45", "occurred_on": today}
    )
    assert done.status_code == 303 and done.headers["location"].endswith(f"#activity-{appointment['id']}")

    [corrected] = mediator.get(f"/cases/{case['id']}").json()["timeline"]
    assert (corrected["details"]["mode"], corrected["duration_minutes"]) == ("phone", 45)
    assert corrected["revisions"][-1]["before"]["details"]["mode"] == "drop_in"  # what it was
    page = html.unescape(pages.get(f"/cases/accompagnements/{case['id']}").text)
    before = page.split('class="revisions"')[1].split("</details>")[0]  # shown as such: what it was
    assert "corrigée" in page and "Permanence sans rendez-vous" in before and "30 min" in before
