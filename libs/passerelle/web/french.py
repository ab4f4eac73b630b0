"""Validation errors in the words of the pages (French), next to the field they concern."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

BY_TYPE = {
    "missing": "Ce champ est obligatoire.",
    "string_too_short": "Ce champ est obligatoire.",
    "string_too_long": "Ce texte est trop long ({max_length} caractères au plus).",
    "string_pattern_mismatch": "Le format n'est pas valide.",
    "date_parsing": "Date invalide.",
    "date_from_datetime_parsing": "Date invalide.",
    "date_type": "Date invalide.",
    "literal_error": "Choisissez une des valeurs proposées.",
    "too_short": "Choisissez au moins une valeur.",
    "too_long": "Trop de valeurs choisies.",
    "extra_forbidden": "Ce champ n'est pas attendu.",
    "int_parsing": "Un nombre entier est attendu.",
    "greater_than_equal": "Le nombre doit être au moins {ge}.",
    "less_than_equal": "Le nombre doit être au plus {le}.",
    "phone_not_french": "Numéro de téléphone français attendu : 10 chiffres, par exemple 06 12 34 56 78.",
    "birth_date_future": "La date de naissance ne peut pas être dans le futur.",
    "birth_date_too_old": "La date de naissance remonte à plus de 120 ans : vérifiez l'année.",
    "consent_not_given": "Sans le consentement de la personne, la fiche ne peut pas être transmise.",
    "consent_in_future": "Le consentement ne peut pas être daté dans le futur.",
    "datetime_without_timezone": "Précisez le fuseau horaire.",
    "date_in_future": "La date ne peut pas être dans le futur.",
    "referrer_required": "Indiquez le professionnel qui oriente, ou choisissez un autre canal.",
    "other_required": "Précisez ce que recouvre « autre ».",
    "redirected_over_met": "Pas plus de personnes réorientées que de personnes rencontrées.",
}
BY_FIELD_AND_TYPE = {
    ("beneficiary.postal_code", "string_pattern_mismatch"): "Le code postal compte 5 chiffres.",
    ("referrer.email", "string_pattern_mismatch"): "Une adresse e-mail ressemble à nom@structure.fr.",
    ("reasons", "too_short"): "Cochez au moins un motif.",
}
FALLBACK = "Cette valeur n'est pas valide."


def field_path(loc: tuple) -> str:
    return ".".join(str(part) for part in loc if not isinstance(part, int)) or "formulaire"


def french_errors(exc: ValidationError | RequestValidationError) -> dict[str, str]:
    """One French message per field path (the first error of each field)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = field_path(error["loc"])
        template = BY_FIELD_AND_TYPE.get((field, error["type"])) or BY_TYPE.get(error["type"], FALLBACK)
        errors.setdefault(field, template.format(**error.get("ctx", {})))
    return errors
