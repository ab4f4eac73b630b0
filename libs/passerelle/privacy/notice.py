"""The notice given to a person referred through the public fiche (GDPR art. 13 and 14): what the fiche
collects, by kind, with the inventory's own words, and how long it is kept, with the durations the
retention passes apply. Drawn from the same source as the register, so that the three agree."""

from __future__ import annotations

from dataclasses import dataclass

from passerelle.privacy import CASE_FILE_MONTHS, DECLINED_REFERRAL_MONTHS, Category
from passerelle.privacy.inventory import REFERRALS

HEADINGS = (
    (Category.IDENTITY, "Votre identité et vos coordonnées"),
    (Category.HEALTH, "Votre situation (données sensibles : elles peuvent toucher à votre santé)"),
    (Category.FREE_TEXT, "Ce qui est écrit librement sur votre situation"),
    (Category.PROFESSIONAL, "Les professionnels qui envoient, reçoivent et décident de la fiche"),
)


@dataclass(frozen=True)
class Notice:
    collected: list[tuple[str, list[str]]]  # a heading, and the data under it
    case_file_months: int = CASE_FILE_MONTHS
    declined_months: int = DECLINED_REFERRAL_MONTHS


def referral_notice() -> Notice:
    """What the fiche d'orientation collects on the person and on the professional, as the inventory declares it."""
    collected = []
    for category, heading in HEADINGS:
        labels = [f.label for name, f in REFERRALS.fields.items() if f.category is category and name != "identity_key"]
        if labels:
            collected.append((heading, labels))
    return Notice(collected)
