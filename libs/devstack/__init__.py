"""Local infrastructure for runs and tests: a real Kafka broker, a real PostgreSQL, the four services.

Nothing here is imported by the services themselves.
"""
