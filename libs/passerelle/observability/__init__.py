"""Metrics, structured logs and the correlation id that follows a referral through every service."""
