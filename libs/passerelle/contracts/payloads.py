"""Versioned, frozen payload models and their registry.

A payload never carries personal data in clear: a beneficiary is named by a random
pseudonymous id. A change that breaks consumers gets a new version, never an edit.
"""

from __future__ import annotations

import functools
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

_REGISTRY: dict[tuple[str, int], type[EventPayload]] = {}


class EventPayload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    event_version: ClassVar[int]
    topic: ClassVar[str]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "event_type" in cls.__dict__:
            key = (cls.event_type, cls.event_version)
            if key in _REGISTRY:
                raise TypeError(f"event {key} is defined twice")
            _REGISTRY[key] = cls


def payload_model(event_type: str, version: int) -> type[EventPayload] | None:
    _load_all()
    return _REGISTRY.get((event_type, version))


def all_payload_models() -> list[type[EventPayload]]:
    _load_all()
    return list(_REGISTRY.values())


def parse_payload(envelope) -> EventPayload:
    """The typed payload of an envelope; ContractError for an unknown type or invalid data."""
    from passerelle.contracts.envelope import ContractError, _first_error

    model = payload_model(envelope.type, envelope.dataversion)
    if model is None:
        raise ContractError(f"unknown event type {envelope.type} v{envelope.dataversion}")
    try:
        return model.model_validate(envelope.data)
    except ValidationError as exc:
        raise ContractError(f"invalid {envelope.type} v{envelope.dataversion} payload: {_first_error(exc)}") from exc


@functools.cache  # asked for each event (a rebuild: millions): imported once
def _load_all() -> None:
    from passerelle.contracts import events  # noqa: F401  (registers every payload)
