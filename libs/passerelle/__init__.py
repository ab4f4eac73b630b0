"""Passerelle's shared library: what must be identical in every service.

Event contracts, tenancy, token verification, the outbox and inbox, observability.
Services import this package; they never import one another.
"""
