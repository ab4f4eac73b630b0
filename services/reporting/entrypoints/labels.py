"""Reporting's vocabulary as the pages and the annual report say it (French)."""

from passerelle.web.vocabulary import ACTION_KINDS, ACTION_THEMES, CLOSURES, DIFFICULTIES, REASONS, SCHEMES, SOURCES

# (section, indicators in the order shown); every indicator of indicators.DEFINITIONS appears once
SECTIONS = {
    "Accompagnement individuel": {
        "persons_accompanied": "Personnes accompagnées",
        "followups_initiated": "Suivis engagés",
        "individual_appointments": "Entretiens individuels",
        "physical_accompaniments": "Accompagnements physiques",
        "procedures_started": "Démarches d'accès aux droits engagées",
        "lup_referrals": "dont saisines de la Ligne urgence précarité (CPAM)",
        "median_days_to_first_appointment": "Délai médian entre la fiche et le premier entretien (jours)",
    },
    "Orientations vers les partenaires": {
        "orientations_proposed": "Orientations proposées",
        "orientations_followed": "Orientations suivies",
        "follow_rate": "Taux d'orientations suivies",
        "persons_oriented": "Personnes orientées",
        "partners_involved": "Partenaires mobilisés",
    },
    "Fin d'accompagnement": {
        "cases_closed": "Accompagnements clôturés",
        "closed_improved": "dont situation améliorée",
        "improvement_rate": "Taux de situations améliorées",
        "satisfaction_mean": "Satisfaction moyenne (sur 5)",
        "satisfaction_responses": "Réponses de satisfaction",
    },
    "Aller-vers et actions collectives": {
        "persons_received": "Personnes rencontrées en aller-vers",
        "outreach_actions": "Actions d'aller-vers",
        "collective_actions": "Actions collectives et événements",
        "partner_meetings": "Réunions partenaires",
    },
    "Fiches d'orientation reçues": {
        "referrals_received": "Fiches reçues",
        "acceptance_rate": "Taux d'acceptation",
    },
}
INDICATORS = {name: label for section in SECTIONS.values() for name, label in section.items()}
RATES = {"follow_rate", "improvement_rate", "acceptance_rate"}

BREAKDOWNS = {  # breakdown: (title, vocabulary)
    "referrals_by_source": ("Fiches reçues, par origine", SOURCES),
    "referrals_by_reason": ("Fiches reçues, par motif", REASONS),
    "referrals_by_difficulty": ("Fiches reçues, par difficulté repérée", DIFFICULTIES),
    "procedures_by_scheme": ("Démarches engagées, par dispositif", SCHEMES),
    "actions_by_kind": ("Actions, par type", ACTION_KINDS),
    "actions_by_theme": ("Actions, par thème", ACTION_THEMES),
    "closures_by_outcome": ("Clôtures, par issue", CLOSURES),
}

# the monthly charts of the dashboard and the report
CHARTS = ("persons_accompanied", "individual_appointments", "physical_accompaniments", "persons_received",
          "orientations_proposed", "referrals_received")

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
