"""Event contracts: the envelope every event travels in and the versioned payloads."""

from passerelle.contracts.envelope import ContractError, Envelope
from passerelle.contracts.payloads import EventPayload, payload_model, parse_payload

__all__ = ["ContractError", "Envelope", "EventPayload", "payload_model", "parse_payload"]
