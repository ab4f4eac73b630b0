"""Service settings, read from PASSERELLE_* environment variables when a service is built."""

from __future__ import annotations

from pathlib import Path

from pydantic import AwareDatetime, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from passerelle.contracts.grants import ADMIN
from passerelle.messaging.access import KafkaAccess

REPOSITORY = Path(__file__).resolve().parents[2]


class ServiceSettings(BaseSettings):
    # an empty variable is an unset one (compose passes `${X:-}` as ""): the default, or "required"
    model_config = SettingsConfigDict(env_prefix="PASSERELLE_", extra="ignore", env_ignore_empty=True)

    service_name: str = Field(description="referral, cases, outreach or reporting")
    database_url: str = Field(description="SQLAlchemy async URL of the service's own database")
    kafka_bootstrap: str = Field(description="Kafka bootstrap servers, host:port[,host:port]")
    kafka_username: str = Field(description="the service's Kafka principal (SASL SCRAM-SHA-512): passerelle-<service>")
    kafka_password: SecretStr = Field(description="that principal's password (a mounted secret)")
    kafka_ca_file: Path | None = Field(
        default=None, description="PEM of the CA that signed the broker's certificate; unset, the system's CAs"
    )
    kafka_admin_password: SecretStr | None = Field(
        default=None,
        description=(
            "reporting only: the password of the broker's admin principal (passerelle-admin), with which the "
            "operator's page lists and revokes subscribers; unset, the page says to use the command line"
        ),
    )
    oidc_issuer: str = Field(
        description="the identity provider's realm (https://auth.example.org/realms/passerelle): its keys verify tokens"
    )
    oidc_client_id: str | None = Field(
        default=None, description="the pages' OpenID Connect client (passerelle-<service>)"
    )
    oidc_client_secret: str | None = Field(default=None, description="that client's secret")
    accounts_client_id: str | None = Field(
        default=None, description="referral: the client whose service account manages accounts (passerelle-accounts)"
    )
    accounts_client_secret: str | None = Field(default=None, description="that client's secret")
    accounts_admin_url: str | None = Field(
        default=None,
        description="referral: Keycloak's address for its admin API (http://keycloak:8080); unset, the issuer's",
    )
    jwt_audience: str = "passerelle"
    log_level: str = "INFO"
    outbox_poll_seconds: float = Field(default=0.5, gt=0)
    consumer_max_attempts: int = Field(default=5, ge=1, description="tries before a failing event is dead-lettered")
    tenant_keys_dir: Path | None = Field(default=None, description="folder of <tenant>.key files (AES-256)")
    keystore_url: str | None = Field(
        default=None,
        description="referral and cases: SQLAlchemy async URL of the key store of persons' keys (passerelle.keystore)",
    )
    max_body_bytes: int = Field(default=64 * 1024, gt=0, description="larger request bodies get 413")
    public_submissions_per_hour: int = Field(default=30, gt=0, description="per client address, public forms")
    topic_replication: int = Field(
        default=1, ge=1, description="replicas of a topic a service creates (3 in production)"
    )
    indicators_publish_seconds: float = Field(
        default=5, gt=0, description="reporting: how often changed indicators go out"
    )
    assets_dir: Path = Field(default=REPOSITORY / "node_modules", description="npm packages of the pages")
    served_over_https: bool = Field(
        default=True, description="the session cookie is Secure and HSTS is sent; false only in local http runs"
    )
    smtp_host: str | None = Field(
        default=None, description="the SMTP relay the service sends mail through (none: mail waits in its outbox)"
    )
    smtp_port: int = Field(default=25, gt=0)
    mail_from: str = Field(default="Passerelle <ne-pas-repondre@passerelle.invalid>", description="the sender")
    public_origin: str | None = Field(
        default=None,
        description=(
            "where people open the pages (https://passerelle.example.org): a form posted from another origin is "
            "refused; unset, the request's own scheme and Host"
        ),
    )
    dev_tokens_key_file: Path | None = Field(
        default=None,
        description=(
            "local runs and tests only: the public key of `passerelle token`'s development tokens, then accepted "
            "beside the provider's; refused when served over https"
        ),
    )
    clock_frozen_at: AwareDatetime | None = Field(
        default=None, description="tests and local runs only: the clock stopped at this instant (passerelle.clock)"
    )

    def kafka(self) -> KafkaAccess:
        return KafkaAccess(
            bootstrap=self.kafka_bootstrap,
            username=self.kafka_username,
            password=self.kafka_password.get_secret_value(),
            ca_file=self.kafka_ca_file,
        )

    def kafka_admin(self) -> KafkaAccess | None:
        if self.kafka_admin_password is None:
            return None
        return self.kafka().as_user(ADMIN, self.kafka_admin_password.get_secret_value())

    @model_validator(mode="after")
    def no_development_tokens_in_a_deployment(self) -> ServiceSettings:
        if self.dev_tokens_key_file is not None and self.served_over_https:
            raise ValueError(
                "PASSERELLE_DEV_TOKENS_KEY_FILE is for local runs over http only: a deployment served over https "
                "trusts its identity provider alone"
            )
        if (self.oidc_client_id is None) != (self.oidc_client_secret is None):
            raise ValueError("PASSERELLE_OIDC_CLIENT_ID and PASSERELLE_OIDC_CLIENT_SECRET go together")
        return self


def get_settings(service_name: str) -> ServiceSettings:
    return ServiceSettings(service_name=service_name)
