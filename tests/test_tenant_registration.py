"""`passerelle tenant create`: the territory announced is exactly the postal codes given, or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

from passerelle.auth import Role
from tests.support import TenantClient, eventually


def create_tenant(platform, slug: str, postal_codes: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "passerelle.cli",
            "tenant",
            "create",
            slug,
            "--name",
            "Ville de Vienne",
            "--postal-codes",
            postal_codes,
            "--bootstrap",
            platform.kafka.bootstrap,
            "--keys-dir",
            str(platform.tenant_keys_dir),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **platform.kafka.admin.environment()},
    )


def test_postal_codes_separated_by_a_semicolon_are_refused_and_nothing_is_announced(platform):
    refused, accepted = f"t-{uuid.uuid4().hex[:10]}", f"t-{uuid.uuid4().hex[:10]}"
    run = create_tenant(platform, refused, "38200;38780")
    assert run.returncode != 0
    assert "'38200;38780' is not a postal code" in run.stderr
    assert not (platform.tenant_keys_dir / f"{refused}.key").exists()

    assert create_tenant(platform, accepted, "38200, 38780").returncode == 0
    operator = TenantClient(platform, None).http("referral", Role.OPERATOR)
    tenants = eventually(
        lambda: (
            {t["id"]: t["postal_codes"] for t in operator.get("/tenants").json()}.get(accepted)
            and {t["id"]: t["postal_codes"] for t in operator.get("/tenants").json()}
        ),
        what="the tenant registered",
    )
    assert tenants[accepted] == ["38200", "38780"]
    assert refused not in tenants
