"""docs/privacy.md, the tenants' DPOs' file, stays true to the code: every personal field the
services hold is named there, and the retention table gives the durations the passes apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.domain.model import IDENTITY_FIELDS
from cases.domain.retention import DEFAULT_MONTHS, LONGEST_MONTHS, SHORTEST_MONTHS
from passerelle.privacy import register
from referral.domain.model import PERSONAL_FIELDS
from referral.service_layer.retention import DECLINED_MONTHS

PRIVACY = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


@pytest.fixture(scope="module")
def text() -> str:
    return PRIVACY.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted({*IDENTITY_FIELDS, *PERSONAL_FIELDS}))
def test_every_personal_field_is_documented(text: str, name: str):
    assert f"`{name}`" in text, f"docs/privacy.md does not name the personal field `{name}`: document it"


def test_the_register_s_tables_are_the_inventory_s(text: str):
    start, end = text.index(register.BEGIN), text.index(register.END) + len(register.END)
    assert text[start:end] + "\n" == register.markdown(), (
        "docs/privacy.md's tables differ from the inventory: paste the output of `passerelle privacy register`"
    )


def retention_row(text: str, constant: str) -> str:
    rows = [line for line in text.splitlines() if line.startswith("|") and f"`{constant}`" in line]
    assert len(rows) == 1, f"one row of the retention table names `{constant}`"
    return rows[0]


def test_the_case_file_duration_is_the_code_s(text: str):
    row = retention_row(text, "DEFAULT_MONTHS")
    assert f"**{DEFAULT_MONTHS} mois**" in row
    assert f"de {SHORTEST_MONTHS} à {LONGEST_MONTHS} mois" in row


def test_the_declined_referral_duration_is_the_code_s(text: str):
    assert f"**{DECLINED_MONTHS} mois**" in retention_row(text, "DECLINED_MONTHS")
