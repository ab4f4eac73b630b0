"""The words of the inventory of personal data (passerelle.privacy.inventory): what a stored field
tells of a person, and what becomes of it when the person's data is erased or anonymised.

One declaration per table and column, read by the erasure and the anonymisation (which empty
exactly the fields declared `erased`), the export (which must give every field of the person), the
tests that scan logs, events and tables for a person's values, and docs/privacy.md (the register is
generated from it: `passerelle privacy register`). A column that no declaration names fails
tests/unit/test_personal_data.py, so a field added later cannot escape them. Plain Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# The durations the platform keeps a person's data (CNIL, délibération 2023-095, social and médico-social
# sector), in one place for the retention passes, the register and the notice of the public fiche.
CASE_FILE_MONTHS = 24  # an accompanied person's file: 2 years after the last contact, at most
DECLINED_REFERRAL_MONTHS = 3  # a declined referral, after the decision (referral.service_layer.retention)
TRACES_MONTHS = 12  # the access log and the team's journal: the longest of the CNIL's 6 months to a year


class Category(StrEnum):
    IDENTITY = "identity"  # names, identifies or reaches the person accompanied
    HEALTH = "health"  # health-adjacent: health, disability, precarity (GDPR art. 9), as codes
    FREE_TEXT = "free_text"  # typed freely: may hold anything, health included
    ACTIVITY = "activity"  # what was done with the person, when, with what result
    PSEUDONYM = "pseudonym"  # the person's random id, or what leads to it
    PROFESSIONAL = "professional"  # a professional's name, login or contact; a structure's
    TECHNICAL = "technical"  # about no one: ids, dates of records, states, counts, settings


# What tells of the person accompanied: their data, as long as the pseudonym links it to them.
OF_THE_PERSON = frozenset({Category.IDENTITY, Category.HEALTH, Category.FREE_TEXT, Category.ACTIVITY})
# What may reveal health or precarity (art. 9, or data of a highly personal nature).
SENSITIVE = frozenset({Category.HEALTH, Category.FREE_TEXT})


@dataclass(frozen=True)
class Field:
    """One stored field. `erased`: emptied when the person's data is erased or anonymised; a field of
    the person that is not says why it stays (`kept_because`). A JSON field declares its keys."""

    category: Category
    label: str = ""  # French: what the register says of it
    erased: bool = False
    kept_because: str = ""
    empty: Callable[[], Any] = lambda: None  # the value left by an erasure
    keys: Mapping[str, Field] | None = None

    def __post_init__(self) -> None:
        if self.category is not Category.TECHNICAL and not self.label:
            raise ValueError(f"a {self.category} field needs a label for the register")
        if self.category in OF_THE_PERSON and not self.erased and not self.kept_because:
            raise ValueError(f"{self.label!r}: a field of the person that erasure keeps must say why")

    def emptied(self, value: Any) -> Any:
        """The value once the person's data is erased: empty, or a JSON object whose erased keys are emptied
        (and whose undeclared keys, which tests forbid, are dropped rather than kept unknowingly)."""
        if self.erased:
            return self.empty()
        if self.keys is not None and isinstance(value, dict):
            return {k: self.keys[k].emptied(v) for k, v in value.items() if k in self.keys}
        return value


@dataclass(frozen=True)
class Table:
    """A table of one service's database, and what each of its columns is."""

    name: str
    service: str
    what: str  # French: what a row is
    fields: Mapping[str, Field] = field(default_factory=dict)

    @property
    def erased(self) -> tuple[str, ...]:
        return tuple(name for name, f in self.fields.items() if f.erased)

    def names(self, *categories: Category) -> tuple[str, ...]:
        return tuple(name for name, f in self.fields.items() if f.category in categories)

    def erase(self, row: Any) -> None:
        """Empty, on a mapped object, every field the inventory says an erasure empties (JSON keys too)."""
        for name, declared in self.fields.items():
            if declared.erased or declared.keys is not None:
                setattr(row, name, declared.emptied(getattr(row, name)))

    def emptied(self, values: Mapping[str, Any]) -> dict:
        """A copy of a row's values (a snapshot, a revision) as an erasure leaves them."""
        return {k: self.fields[k].emptied(v) if k in self.fields else v for k, v in values.items()}


def technical(*names: str) -> dict[str, Field]:
    """Columns that tell of no one (ids, record dates, states, counts)."""
    return {name: Field(Category.TECHNICAL) for name in names}
