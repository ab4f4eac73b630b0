"""A database that dies mid-request answers 503 "nothing was recorded", and no log line carries what was sent."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from passerelle.auth import Role
from passerelle.db import PING_AFTER_IDLE_SECONDS
from tests.support import eventually, page_client, referral_body

CLIENTS = 24


def test_referrals_submitted_while_postgresql_stops_answer_503_and_leave_no_personal_data_in_the_logs(
    platform, tenant_a
):
    sent: list[dict] = []
    answers: list[tuple[int, dict]] = []
    stopping = threading.Event()

    def submit_until_told() -> None:
        with tenant_a.http("referral", Role.REFERRER) as client:
            while not stopping.is_set():
                body = _distinctive_referral()
                sent.append(body)
                answer = client.post("/referrals", json=body)
                json = answer.headers.get("content-type") == "application/json"
                answers.append((answer.status_code, answer.json() if json else {"detail": answer.text}))

    def outages() -> int:
        return sum(1 for status, _ in answers if status == 503)

    pages = page_client(platform, tenant_a)  # signed in before: the provider keeps its data there too
    with ThreadPoolExecutor(CLIENTS) as clients:
        burst = [clients.submit(submit_until_told) for _ in range(CLIENTS)]
        try:
            eventually(lambda: len(answers) >= CLIENTS, timeout=60, what="the burst under way")
            platform.postgres.stop()  # fast shutdown: requests in flight lose their connection
            eventually(lambda: outages() >= 2 * CLIENTS, timeout=60, what="requests answered during the outage")
            page = pages.get("/referral/orientations")
            assert page.status_code == 503 and "Service momentanément indisponible" in page.text
        finally:
            stopping.set()
            for client in burst:
                client.exception()
            if platform.postgres.proc is None:
                platform.postgres.start()
            for service in ("referral", "cases", "outreach", "reporting"):
                platform.wait_ready(service)

    assert {status for status, _ in answers} <= {201, 503}, sorted({status for status, _ in answers})
    refused = [body for status, body in answers if status == 503]
    assert all("nothing was recorded" in body["detail"] for body in refused)
    logs = {path: path.read_text(errors="replace") for path in platform.data_dir.rglob("*.log")}
    assert any("database unavailable" in text for text in logs.values())  # the scan reads the right files
    for body in sent:
        person = body["beneficiary"]
        for value in (
            person["last_name"],
            person["first_name"],
            person["birth_date"],
            person["phone"],
            person["commune"],
            body["observations"],
        ):
            leaks = [path.name for path, text in logs.items() if value in text]
            assert not leaks, f"{value!r} written to {leaks}"


def test_a_database_restarted_while_the_service_rested_costs_it_no_request(platform, tenant_a):
    """The pool's connections died with the database: a connection taken after a rest is checked first, and a
    connection found lost (by the relay's or a consumer's next poll, often) replaces every one as old, so no
    request after the restart pays for it."""
    with tenant_a.http("referral", Role.REFERRER) as client:
        assert client.post("/referrals", json=referral_body()).status_code == 201
        platform.postgres.stop()
        platform.postgres.start()
        time.sleep(PING_AFTER_IDLE_SECONDS + 0.5)
        answers = [client.post("/referrals", json=referral_body()).status_code for _ in range(3)]
    for service in ("referral", "cases", "outreach", "reporting"):
        platform.wait_ready(service)
    assert answers == [201, 201, 201]


def _distinctive_referral() -> dict:
    mark = uuid.uuid4().hex
    letters = "".join(chr(ord("a") + int(c, 16)) for c in mark[:10])
    day = 1 + int(mark[10:12], 16) % 28
    body = referral_body(observations=f"Observation {letters}")
    body["beneficiary"] = {
        **body["beneficiary"],
        "last_name": f"Zorglub{letters}",
        "first_name": f"Ysolde{letters}",
        "birth_date": f"1913-02-{day:02d}",
        "phone": "07" + str(int(mark[12:20], 16))[-8:].zfill(8),
        "commune": f"Queyrasville-{letters}",
    }
    return body
