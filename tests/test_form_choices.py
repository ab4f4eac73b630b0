"""Nothing recorded that nobody chose: every form that writes starts each choice empty.

Every page with a form is read as the role that uses it, at a moment when all its forms show (a
procedure under way, an orientation without its outcome…). In every form sent by POST, each select
starts on an empty option with none selected, and no radio button is checked; the server refuses
the missing choice in French beside the field. A form that corrects what is recorded (`data-recorded`:
an activity's correction, the mediator a case is entrusted to) shows the recorded choices: someone
chose them."""

from __future__ import annotations

from html.parser import HTMLParser

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import page_client, referral_body

# Preselections that are no one's figure, and why they may stay.
NOT_FIGURES = {
    ("/referral/equipe", "structure"): "the structure a new account joins: the coordinator's own",
}


class Choices(HTMLParser):
    """The selects and radios of the page's POST forms: {name: [(value, selected)]}."""

    def __init__(self) -> None:
        super().__init__()
        self.in_post_form = False
        self.select: str | None = None
        self.found: dict[str, list[tuple[str, bool]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            writes = (attributes.get("method") or "get").lower() == "post"
            self.in_post_form = writes and "data-recorded" not in attributes
        elif not self.in_post_form:
            return
        elif tag == "select":
            self.select = attributes.get("name") or "?"
            self.found.setdefault(self.select, [])
        elif tag == "option" and self.select:
            self.found[self.select].append((attributes.get("value") or "", "selected" in attributes))
        elif tag == "input" and attributes.get("type") == "radio":
            self.found.setdefault(attributes.get("name") or "?", []).append(
                (attributes.get("value") or "", "checked" in attributes)
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_post_form = False
        elif tag == "select":
            self.select = None


def preselected(html: str, path: str) -> list[str]:
    parser = Choices()
    parser.feed(html)
    wrong = []
    for name, options in parser.found.items():
        if (path, name) in NOT_FIGURES:
            continue
        if any(chosen for _, chosen in options):
            wrong.append(f"{name}: {[value for value, chosen in options if chosen]} preselected")
        if options and options[0][0] != "" and not name.startswith("?"):
            wrong.append(f"{name}: starts on {options[0][0]!r}, not on an empty choice")
    return wrong


def test_no_form_that_writes_preselects_a_choice(platform, tenant_a, tenant_b):
    tenant_b.register(name="Ailleurs")  # so that the referral's transfer form lists a destination
    case = open_case(tenant_a)
    cases = tenant_a.http("cases", Role.MEDIATOR)
    for activity in (
        {"kind": "procedure", "scheme": "AME", "channel": "standard", "occurred_on": "2026-02-03"},
        {"kind": "orientation", "partner_type": "gp", "partner_name": "Maison de santé", "occurred_on": "2026-02-03"},
    ):
        cases.post(f"/cases/{case['id']}/activities", json=activity).raise_for_status()
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    pages = {
        Role.REFERRER: [f"/referral/fiche/{tenant_a.tenant}"],  # the public fiche, as a referrer fills it
        Role.MEDIATOR: [
            f"/referral/orientations/{referral['id']}",
            f"/cases/accompagnements/{case['id']}",
            "/outreach/aller-vers/nouvelle",
            "/outreach/partenaires",
        ],
        Role.COORDINATOR: ["/referral/equipe"],
    }
    problems, forms_seen = {}, 0
    for role, paths in pages.items():
        browser = page_client(platform, tenant_a, role)
        for path in paths:
            answer = browser.get(path)
            assert answer.status_code == 200, (path, answer.status_code)
            forms_seen += answer.text.count('method="post"')
            if wrong := preselected(answer.text, path):
                problems[path] = wrong
    assert forms_seen >= 15
    assert not problems, problems


def test_a_missing_choice_is_refused_in_french_beside_its_field(platform, tenant_a):
    case = open_case(tenant_a)
    browser = page_client(platform, tenant_a, Role.MEDIATOR)
    base = f"/cases/accompagnements/{case['id']}"
    answer = browser.post(f"{base}/activites", data={"kind": "procedure", "occurred_on": "2026-02-03", "scheme": ""})
    assert answer.status_code == 422
    assert 'id="procedure-scheme-error">Ce champ est obligatoire.' in answer.text
    assert 'id="procedure-channel-error">Ce champ est obligatoire.' in answer.text  # both, in one pass
    interview = browser.post(f"{base}/activites", data={"kind": "appointment", "occurred_on": "2026-02-03", "mode": ""})
    assert interview.status_code == 422 and 'id="appointment-mode-error">Ce champ est obligatoire.' in interview.text
    timeline = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()["timeline"]
    assert timeline == []  # nothing recorded that nobody chose
    maraude = page_client(platform, tenant_a, Role.MEDIATOR).post(
        "/outreach/aller-vers/nouvelle", data={"kind": "", "occurred_on": "2026-02-03", "people_met": "3"}
    )
    assert maraude.status_code == 422 and 'id="kind-error">Ce champ est obligatoire.' in maraude.text
