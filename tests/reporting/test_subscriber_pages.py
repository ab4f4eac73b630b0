"""« Abonnés aux indicateurs »: the département's operator sees each subscriber with its grant and when
it last read, and revokes one; nobody else opens the page."""

from __future__ import annotations

import uuid

from passerelle.auth import Role
from passerelle.contracts import topics
from passerelle.messaging.kafka import ensure_topics
from tests.support import TenantClient, eventually, operator_command, page_client, publish, run_async
from tests.test_broker_security import printed_access, read


def test_the_operator_sees_a_subscriber_its_grant_and_activity_then_revokes_it(platform, capsys, tenant_a):
    topic = topics.indicators_topic(tenant_a.tenant)
    run_async(ensure_topics(platform.kafka.admin, names=(topic,)))
    publish(platform.kafka.admin, topic, [(b"k", b"{}", [])])
    name = f"ars-{uuid.uuid4().hex[:8]}"
    created = operator_command(platform, capsys, "subscriber", "create", name, "--tenant", tenant_a.tenant)
    subscriber = printed_access(platform, created)
    operator = page_client(platform, TenantClient(platform, None), Role.OPERATOR)

    page = operator.get("/reporting/abonnes")
    assert page.status_code == 200 and name in page.text and topic in page.text
    assert "jamais vu" in page.text.split(name, 1)[1].split("</tr>", 1)[0]
    read(subscriber, topic, group=f"{name}.bi")  # reads and commits
    eventually(
        lambda: "jamais vu" not in operator.get("/reporting/abonnes").text.split(name, 1)[1].split("</tr>", 1)[0],
        timeout=60,
        what="the subscriber's activity on the page",
    )
    row = operator.get("/reporting/abonnes").text.split(name, 1)[1].split("</tr>", 1)[0]
    assert f"{name}.bi" in row and "à" in row  # the group, and the day and hour it was last seen
    assert "0 messages non lus" in row  # read to the end: nothing waits
    assert f"Tenant {tenant_a.tenant}" in row  # the grant by the tenant's name, beside its topic

    revoked = operator.post(f"/reporting/abonnes/{name}/revoquer", follow_redirects=False)
    assert revoked.status_code == 303
    after = operator.get(revoked.headers["location"])
    assert f"Abonné « {name} » révoqué" in after.text and f'<th scope="row">{name}</th>' not in after.text
    assert name not in operator_command(platform, capsys, "subscriber", "list")
    again = operator.post(f"/reporting/abonnes/{name}/revoquer", follow_redirects=False)
    assert again.status_code == 404 and "déjà été révoqué" in again.text


def test_the_platform_principals_cannot_be_revoked_from_the_page(platform):
    operator = page_client(platform, TenantClient(platform, None), Role.OPERATOR)
    answer = operator.post("/reporting/abonnes/passerelle-cases/revoquer", follow_redirects=False)
    assert answer.status_code == 404
    assert "passerelle-cases" not in operator.get("/reporting/abonnes").text.split("<tbody>")[-1]


def test_a_coordinator_does_not_open_the_subscribers_page(platform, tenant_a):
    coordinator = page_client(platform, tenant_a, Role.COORDINATOR)
    assert coordinator.get("/reporting/abonnes").status_code == 403
    assert coordinator.post("/reporting/abonnes/anyone/revoquer").status_code == 403
