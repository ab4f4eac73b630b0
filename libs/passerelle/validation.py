"""Rules of the API bodies that several services share (pydantic validators, errors in the French
vocabulary of passerelle.web.french)."""

from __future__ import annotations

from datetime import date

from pydantic_core import PydanticCustomError

from passerelle import clock


def not_in_future(value: date) -> date:
    """A day that has happened: today in Paris at the latest."""
    if value > clock.today():
        raise PydanticCustomError("date_in_future", "cannot be in the future")
    return value
