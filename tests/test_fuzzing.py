"""Every operation of the four OpenAPI documents, called with generated input (schemathesis): whatever
a caller sends, valid or not, the answer is never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from devstack.platform import SERVICES
from passerelle.auth import Role
from tests.support import public_client

EXAMPLES = 5  # per operation and mode: a minute or so per service


def operations(platform, service: str):
    schema = schemathesis.openapi.from_url(f"{platform.url(service)}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def role_for(operation) -> Role:
    return Role.OPERATOR if "/tenants" in operation.path or "departement" in operation.path else Role.COORDINATOR


@pytest.mark.parametrize("service", SERVICES)
def test_no_generated_request_makes_a_service_fail(platform, tenant_a, service):
    tenant_a.register()
    failures: list[str] = []
    address = public_client(platform).headers["X-Forwarded-For"]  # public operations' allowance: its own
    for operation in operations(platform, service):
        headers = {"Authorization": f"Bearer {tenant_a.token(role_for(operation))}", "X-Forwarded-For": address}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case):
                answer = case.call(base_url=platform.url(service), headers=headers, timeout=10)
                if answer.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} {case.query} {case.body!r:.300} → {answer.status_code}"
                    )

            try:
                call()
            except Unsatisfiable:  # nothing invalid to send: an operation without parameters or body
                assert mode == GenerationMode.NEGATIVE
    assert not failures, "\n".join(failures[:20])
