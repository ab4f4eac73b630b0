"""Outreach ("aller-vers") and the partner network. Never holds a person's identity."""
