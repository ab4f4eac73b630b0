"""Development tokens cannot be enabled where the platform is served over https (a deployment)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from passerelle.settings import ServiceSettings

BASE = {
    "service_name": "cases",
    "database_url": "postgresql+asyncpg://localhost/cases",
    "kafka_bootstrap": "127.0.0.1:9092",
    "kafka_username": "passerelle-cases",
    "kafka_password": "unused",
    "oidc_issuer": "https://auth.example.org/realms/passerelle",
}


def test_development_tokens_are_refused_over_https(tmp_path):
    key = tmp_path / "dev.pem"
    key.write_text("-----BEGIN PUBLIC KEY-----")
    with pytest.raises(ValidationError, match="local runs over http only"):
        ServiceSettings(**BASE, dev_tokens_key_file=key)  # served over https unless told otherwise
    assert ServiceSettings(**BASE, dev_tokens_key_file=key, served_over_https=False).dev_tokens_key_file == key


def test_the_pages_client_needs_its_secret():
    with pytest.raises(ValidationError, match="go together"):
        ServiceSettings(**BASE, oidc_client_id="passerelle-cases")


def test_the_provider_is_required():
    with pytest.raises(ValidationError, match="oidc_issuer"):
        ServiceSettings(**{k: v for k, v in BASE.items() if k != "oidc_issuer"})


def test_an_empty_variable_is_an_unset_one(monkeypatch):
    monkeypatch.setenv("PASSERELLE_KAFKA_ADMIN_PASSWORD", "")  # compose's ${KAFKA_ADMIN_PASSWORD:-}
    assert ServiceSettings(**BASE).kafka_admin() is None
    monkeypatch.setenv("PASSERELLE_KAFKA_ADMIN_PASSWORD", "s3cret")
    assert ServiceSettings(**BASE).kafka_admin().password == "s3cret"
