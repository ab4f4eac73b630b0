"""The domain's vocabulary as the pages say it (French), for what more than one service shows:
a referral's source, reasons and difficulties, a procedure's scheme, a closure's outcome, an
outreach action's kind and themes (the reporting pages show them all), the type of a structure of the
partner directory (outreach's directory, the cases service's orientations)."""

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
SCHEMES = {"AME": "AME", "C2S": "C2S", "PUMA": "PUMa", "CSS": "CSS", "MDPH": "MDPH", "RSA": "RSA", "other": "Autre"}
CLOSURES = {
    "improved": "Situation améliorée",
    "not_improved": "Situation non améliorée",
    "lost_contact": "Perdu de vue",
    "relayed": "Relayé (DAC, autre service)",
    "moved": "Déménagement",
}
ACTION_KINDS = {
    "street_outreach": "Maraude",
    "home_visit": "Visite à domicile",
    "drop_in": "Permanence",
    "collective_action": "Action collective",
    "event": "Événement",
    "partner_meeting": "Réunion partenaires",
    "training": "Formation",
}
ACTION_THEMES = {
    "access_to_rights": "Accès aux droits",
    "nutrition": "Nutrition",
    "physical_activity": "Activité physique",
    "cancer_screening": "Dépistage des cancers",
    "vaccination": "Vaccination",
    "womens_health": "Santé des femmes",
    "addictions": "Addictions",
    "mental_health": "Santé mentale",
    "other": "Autre",
}
DIRECTORY_TYPES = {
    "health": "Santé",
    "social": "Social",
    "medico_social": "Médico-social",
    "institution": "Institution",
    "association": "Association",
}
