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
