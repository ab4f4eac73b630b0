"""The partner directory as the cases service knows it: the structures an orientation names.

The directory belongs to the outreach service; this is its copy, kept from its partner events, so
that an orientation names a structure of the directory (counted once, by its id) and not a spelling.
Names are compared by their key: case, accents, punctuation and small words left out, so that
"CCAS d'Alès" and "ccas Ales" are one structure."""

from __future__ import annotations

import difflib
import re
import unicodedata
import uuid
from dataclasses import dataclass

from passerelle.tenancy import TenantOwned

SMALL_WORDS = frozenset({"d", "de", "du", "des", "l", "la", "le", "les", "et", "a", "au", "aux"})
CLOSE_ENOUGH = 0.8  # how alike two keys must be for a name to be proposed as another's spelling
# An orientation's kind of partner → the directory's type of structure, for a structure added from an
# orientation (its owner may change it in the directory).
DIRECTORY_TYPE = {
    "gp": "health",
    "pass": "health",
    "cmp": "health",
    "dentist": "health",
    "specialist": "health",
    "social_worker": "social",
    "digital_inclusion": "association",
    "public_writer": "association",
    "collective_action": "association",
    "other": "association",
}


@dataclass(eq=False)
class DirectoryPartner(TenantOwned):
    """A structure of the directory: the tenant's own, or another tenant's that it shares."""

    id: uuid.UUID
    tenant_id: str
    name: str
    key: str
    type: str
    commune: str | None = None
    active: bool = True
    shared: bool = False


def name_key(name: str) -> str:
    """The name as compared: "CCAS d'Alès" → "ccas ales"."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(word for word in re.split(r"[^a-z0-9]+", plain) if word and word not in SMALL_WORDS)


def closest(name: str, partners: list[DirectoryPartner], *, limit: int = 3) -> list[DirectoryPartner]:
    """The partners whose name is most probably this one, best first: the same key, or one alike."""
    key = name_key(name)
    scored = [(difflib.SequenceMatcher(None, key, p.key).ratio(), p) for p in partners]
    return [p for score, p in sorted(scored, key=lambda s: -s[0]) if score >= CLOSE_ENOUGH][:limit]
