"""Event contracts: the envelope every event travels in and the versioned payloads."""

from passerelle.contracts.envelope import ContractError, Envelope, event_headers, record_headers
from passerelle.contracts.payloads import EventPayload, parse_payload, payload_model

__all__ = [
    "ContractError",
    "Envelope",
    "EventPayload",
    "event_headers",
    "parse_payload",
    "payload_model",
    "record_headers",
]
