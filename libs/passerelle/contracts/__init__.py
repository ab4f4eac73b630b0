"""Event contracts: the envelope every event travels in and the versioned payloads."""

from passerelle.contracts.envelope import ContractError, Envelope, record_headers
from passerelle.contracts.payloads import EventPayload, parse_payload, payload_model

__all__ = ["ContractError", "Envelope", "EventPayload", "parse_payload", "payload_model", "record_headers"]
