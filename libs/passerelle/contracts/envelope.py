"""The CloudEvents 1.0 envelope, carried in Kafka as `ce_*` headers (binary content mode).

The value of the Kafka record is the JSON payload; the key is the aggregate id (the subject),
so every event of one referral or case lands on one partition, in order.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from passerelle import clock
from passerelle.contracts.payloads import EventPayload

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


class ContractError(ValueError):
    """A message that is not a valid Passerelle event; the reason says why."""


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    source: str = Field(max_length=200)
    type: str = Field(max_length=200)  # inbox.event_type, outbox.event_type
    time: datetime = Field(default_factory=clock.now)
    subject: str = Field(max_length=200)  # the aggregate id, the Kafka key (outbox.key)
    specversion: str = Field(default=SPEC_VERSION, max_length=10)
    datacontenttype: str = Field(default=CONTENT_TYPE, max_length=100)
    tenantid: str = Field(max_length=100)
    correlationid: str = Field(max_length=200)
    dataversion: int
    data: dict[str, Any]

    @classmethod
    def wrap(cls, payload: EventPayload, *, source: str, subject: str, tenant: str, correlation_id: str) -> Envelope:
        return cls(
            source=source,
            type=payload.event_type,
            subject=subject,
            tenantid=tenant,
            correlationid=correlation_id,
            dataversion=payload.event_version,
            data=payload.model_dump(mode="json"),
        )

    def kafka_headers(self) -> dict[str, str]:
        attributes = self.model_dump(mode="json", exclude={"data"})
        return {f"ce_{name}": str(value) for name, value in attributes.items()}

    def kafka_value(self) -> bytes:
        return json.dumps(self.data, separators=(",", ":")).encode()

    @classmethod
    def from_kafka(cls, headers: dict[str, str], value: bytes | None) -> Envelope:
        """Rebuild an envelope from a record; raise ContractError with a readable reason."""
        attributes = {name[3:]: text for name, text in headers.items() if name.startswith("ce_")}
        missing = sorted({"id", "source", "type", "subject", "tenantid", "dataversion"} - attributes.keys())
        if missing:
            raise ContractError(f"missing CloudEvents headers: {', '.join('ce_' + m for m in missing)}")
        try:
            data = orjson.loads(value or b"")  # a rebuild decodes millions: the fast library
        except orjson.JSONDecodeError as exc:
            raise ContractError(f"payload is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise ContractError("payload is not a JSON object")
        attributes.setdefault("correlationid", attributes["id"])
        try:
            return cls(**attributes, data=data)
        except ValidationError as exc:
            raise ContractError(f"invalid envelope: {_first_error(exc)}") from exc


def record_headers(record) -> dict[str, str]:
    """A Kafka record's headers as text: a byte that is not UTF-8 is replaced, never an error (a record
    that is no event is still set aside, or reported, with what its headers say)."""
    return {name: value.decode(errors="replace") for name, value in (record.headers or ())}


def event_headers(record) -> dict[str, str]:
    """A Kafka record's headers as text, to read its event from: ContractError names a header that is
    not UTF-8 (the record is no event)."""
    headers = {}
    for name, value in record.headers or ():
        try:
            headers[name] = value.decode()
        except UnicodeDecodeError:
            raise ContractError(f"header {name} is not UTF-8 text") from None
    return headers


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
