"""Finding a person with what a mediator on the phone has: names (accents, case and a typo aside, with
PostgreSQL's unaccent and pg_trgm), a birth date, a phone number. The referral and the cases services
each search what they hold (their migrations create both extensions); the search page shows both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, literal, or_

ALIKE = 0.3  # pg_trgm's similarity from which a name is taken for the one typed ("Durant" for "Durand")
_DAY = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_PHONE = re.compile(r"\+?\d[\d .\-]{2,}\d")


@dataclass(frozen=True)
class PersonQuery:
    """What was typed, read as names, a birth date (12/04/1961 or 1961-04-12) and digits of a phone."""

    names: str = ""
    birth_date: date | None = None
    phone: str | None = None

    @classmethod
    def parse(cls, typed: str) -> PersonQuery:
        rest, birth_date = typed[:200], None
        if found := _DAY.search(rest):
            day, month, year = (found[1], found[2], found[3]) if found[1] else (found[6], found[5], found[4])
            try:
                birth_date = date(int(year), int(month), int(day))
            except ValueError:
                birth_date = None
            rest = rest.replace(found[0], " ")
        phone = None
        if found := _PHONE.search(rest):
            digits = re.sub(r"\D", "", found[0])
            phone = digits[-9:] if len(digits) >= 9 else digits  # +33 6…, 06…: the same last nine
            rest = rest.replace(found[0], " ")
        names = " ".join(re.sub(r"[^\w'\- ]", " ", rest).split())
        return cls(names=names, birth_date=birth_date, phone=phone if phone and len(phone) >= 4 else None)

    def __bool__(self) -> bool:
        return bool(self.names or self.birth_date or self.phone)

    def matching(self, entity):
        """(where, how alike the names are) for a mapped class with the identity columns
        (passerelle.identity.identity_columns)."""
        full = func.unaccent(func.lower(func.concat_ws(" ", entity.last_name, entity.first_name)))
        typed = func.unaccent(func.lower(literal(self.names)))
        alike = func.greatest(func.word_similarity(typed, full), func.similarity(typed, full))
        conditions = []
        if self.names:
            conditions.append(or_(alike >= ALIKE, full.contains(typed)))
        if self.birth_date:
            conditions.append(entity.birth_date == self.birth_date)
        if self.phone:
            conditions.append(entity.phone.contains(self.phone))
        return and_(*conditions), alike
