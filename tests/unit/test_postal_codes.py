"""A territory's postal codes are five digits each: refused whole otherwise, never cut."""

from __future__ import annotations

import pydantic
import pytest

from passerelle.cli import parse_postal_codes
from passerelle.contracts.events import TenantRegistered


def test_postal_codes_are_read_separated_by_commas():
    assert parse_postal_codes(" 38200, 38780 ,") == ["38200", "38780"]
    assert parse_postal_codes("") == []


@pytest.mark.parametrize("text", ["38200;38780", "382", "382000", "2A004", "38200 38780"])
def test_a_postal_code_that_is_not_five_digits_is_refused(text):
    with pytest.raises(ValueError, match="is not a postal code"):
        parse_postal_codes(text)


def test_the_tenant_registered_contract_refuses_a_malformed_postal_code():
    with pytest.raises(pydantic.ValidationError):
        TenantRegistered(tenant_id="ville-vienne", name="Ville de Vienne", postal_codes=("38200;38780",))
