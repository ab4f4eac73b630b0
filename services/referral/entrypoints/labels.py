"""The referral's vocabulary as the pages say it (French)."""

from passerelle.web.vocabulary import DIFFICULTIES, REASONS, SOURCES  # noqa: F401  (shared with reporting)

CONSENT_METHODS = {
    "oral_with_professional": "Oralement, en présence du professionnel",
    "signed_form": "Formulaire signé",
    "digital": "Par voie numérique",
}
STATUSES = {
    "submitted": "À traiter",
    "accepted": "Acceptée",
    "declined": "Non retenue",
    "transferred": "Transférée",
    "withdrawn": "Consentement retiré",
}
DECLINE_REASONS = {
    "out_of_scope": "Hors du champ de la médiation",
    "relayed": "Relayée vers un autre service (DAC…)",
    "unreachable": "Personne injoignable",
    "duplicate": "Doublon",
}
TRACKING = {
    "received": "Reçue : l'équipe de médiation va l'étudier.",
    "accepted": "Acceptée : un accompagnement est engagé.",
    "declined": "Non retenue par l'équipe de médiation.",
    "closed": "Clôturée.",
}
# The fiche's fields, in its order, as its labels and its error summary name them.
FICHE_FIELDS = {
    "source": "Origine de l'orientation",
    "referrer.name": "Nom du professionnel",
    "referrer.function": "Fonction",
    "referrer.structure": "Structure",
    "referrer.phone": "Téléphone du professionnel",
    "referrer.email": "E-mail du professionnel",
    "referrer.relationship": "Lien avec la personne",
    "beneficiary.last_name": "Nom",
    "beneficiary.first_name": "Prénom",
    "beneficiary.birth_date": "Date de naissance",
    "beneficiary.phone": "Téléphone",
    "beneficiary.address": "Adresse",
    "beneficiary.postal_code": "Code postal",
    "beneficiary.commune": "Commune",
    "reasons": "Motif(s) de l'orientation",
    "reason_other": "Autre motif : précisez",
    "difficulties": "Difficultés repérées",
    "difficulty_other": "Autre difficulté : précisez",
    "observations": "Observations",
    "consent.given": "Consentement de la personne",
    "consent.method": "Recueilli",
    "consent.recorded_by": "Recueilli par",
}
