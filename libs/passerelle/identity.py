"""A person's identity and contact as every service that holds them validates them (referral and
cases): French phone numbers and postal codes, a plausible birth date, bounded text."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from passerelle import clock
from passerelle.contracts.events import PostalCode

_FRENCH_PHONE = re.compile(r"^(?:\+33|0033|0)[1-9](?:\d{8})$")


def french_phone(value: str | None) -> str | None:
    """A French phone number in its usual spellings, kept as digits; refused otherwise."""
    if value is None:
        return None
    digits = re.sub(r"[ .\-]", "", value)
    if not _FRENCH_PHONE.match(digits):
        raise PydanticCustomError(
            "phone_not_french", "not a French phone number (10 digits such as 06 12 34 56 78, or +33 6 12 34 56 78)"
        )
    return digits


class BeneficiaryIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    last_name: str = Field(min_length=1, max_length=100)
    first_name: str = Field(min_length=1, max_length=100)
    birth_date: date
    phone: str | None = None
    address: str | None = Field(default=None, max_length=300)
    postal_code: PostalCode
    commune: str | None = Field(default=None, max_length=100)

    _phone = field_validator("phone")(lambda cls, v: french_phone(v))

    @field_validator("birth_date")
    @classmethod
    def plausible_birth_date(cls, value: date) -> date:
        today = clock.today()
        if value > today:
            raise PydanticCustomError("birth_date_future", "the birth date is in the future")
        if value.year < today.year - 120:
            raise PydanticCustomError("birth_date_too_old", "the birth date is more than 120 years ago")
        return value


def identity_columns() -> list:
    """The table columns of a person's identity and contact: nullable, so that erasure can empty them."""
    from sqlalchemy import Column, Date, String

    return [
        Column("last_name", String(100), nullable=True),
        Column("first_name", String(100), nullable=True),
        Column("birth_date", Date, nullable=True),
        Column("phone", String(20), nullable=True),
        Column("address", String(300), nullable=True),
        Column("postal_code", String(5), nullable=True),
        Column("commune", String(100), nullable=True),
    ]
