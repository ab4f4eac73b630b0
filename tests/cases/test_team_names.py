"""People, not logins: the pages name the team members (from the identity provider's claims, kept at each
sign-in), a case is entrusted from its page to one of them, and the access journal names the person of
each file (reading the journal is not reading the files: it writes no line)."""

from __future__ import annotations

import html
import re

from passerelle.auth import Role
from tests.support import page_client


def test_the_case_file_names_the_team_and_is_entrusted_to_one_of_them(platform, tenant_a, case):
    mediator = page_client(platform, tenant_a, Role.MEDIATOR)
    coordinator = page_client(platform, tenant_a, Role.COORDINATOR)
    coordinator.get("/cases/journal").raise_for_status()  # signed in to the cases pages: on the team
    page = html.unescape(mediator.get(f"/cases/accompagnements/{case['id']}").text)
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page.split('id="entrust"')[1]))
    names = {name: subject for subject, name in options.items()}
    assert set(names) == {f"Mediator {tenant_a.tenant}", f"Coordinator {tenant_a.tenant}"}  # names, not logins

    refused = mediator.post(f"/cases/accompagnements/{case['id']}/confier", data={"mediator": "someone-else"})
    assert refused.status_code == 422 and "Choisissez un membre de l'équipe." in html.unescape(refused.text)
    coordinator_subject = names[f"Coordinator {tenant_a.tenant}"]
    done = mediator.post(f"/cases/accompagnements/{case['id']}/confier", data={"mediator": coordinator_subject})
    assert done.status_code == 303
    page = html.unescape(mediator.get(f"/cases/accompagnements/{case['id']}").text)
    assert f'suivi par <span id="followed-by">Coordinator {tenant_a.tenant}</span>' in page
    caseload = html.unescape(mediator.get("/cases/accompagnements").text)
    assert f"Coordinator {tenant_a.tenant}" in caseload and coordinator_subject not in caseload

    journal = html.unescape(coordinator.get("/cases/journal").text)
    assert f"Mediator {tenant_a.tenant}" in journal and "Durand Aline" in journal  # who read whose file
    lines = platform.postgres.psql(f"SELECT count(*) FROM access_log WHERE tenant_id = '{tenant_a.tenant}'", "cases")
    coordinator.get("/cases/journal").raise_for_status()
    again = platform.postgres.psql(f"SELECT count(*) FROM access_log WHERE tenant_id = '{tenant_a.tenant}'", "cases")
    assert lines == again  # reading the journal reads no file
