"""The referral's vocabulary as the pages say it (French)."""

SOURCES = {
    "professional": "Un professionnel",
    "outreach": "Rencontre lors d'une action d'aller-vers (maraude)",
    "drop_in_self_referral": "La personne elle-même, lors d'une permanence",
    "word_of_mouth": "Bouche-à-oreille",
}
REASONS = {
    "care_rupture": "Rupture de soins",
    "rights_access": "Accès aux droits",
    "complex_pathway": "Parcours de soins complexe",
    "other": "Autre",
}
DIFFICULTIES = {
    "socio_economic": "Difficultés socio-économiques",
    "isolation": "Isolement",
    "disability": "Handicap",
    "chronic_disease": "Maladie chronique",
    "addiction": "Addiction",
    "exile": "Exil, barrière de la langue",
    "violence_victim": "Victime de violences",
    "digital_exclusion": "Exclusion numérique",
    "other": "Autre",
}
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
