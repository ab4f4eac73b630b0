"""The case file's vocabulary as the pages say it (French)."""

from passerelle.privacy.inventory import ACTIVITY_DETAILS, IDENTITY
from passerelle.web.vocabulary import (  # noqa: F401  (shared with reporting and the referral's pages)
    CLOSURES,
    DIFFICULTIES,
    REASONS,
    SCHEMES,
    SOURCES,
)

KINDS = {
    "appointment": "Entretien individuel",
    "procedure": "Démarche d'accès aux droits",
    "accompaniment": "Accompagnement physique",
    "orientation": "Orientation vers un partenaire",
    "medical_appointment_booked": "Rendez-vous médical pris",
    "coordination_meeting": "Réunion de coordination",
    "note": "Note",
}
MODES = {
    "drop_in": "Permanence sans rendez-vous",
    "scheduled": "Sur rendez-vous",
    "phone": "Par téléphone",
    "home_visit": "Visite à domicile",
}
CHANNELS = {"standard": "Voie habituelle", "LUP": "Ligne urgence précarité (CPAM)"}
PROCEDURE_STATUSES = {
    "started": "Commencée",
    "submitted": "Dossier déposé",
    "granted": "Droits ouverts",
    "refused": "Refusée",
}
PARTNER_TYPES = {
    "gp": "Médecin généraliste",
    "pass": "PASS",
    "cmp": "CMP",
    "dentist": "Dentiste",
    "specialist": "Spécialiste",
    "social_worker": "Travailleur social",
    "digital_inclusion": "Conseiller numérique",
    "public_writer": "Écrivain public",
    "collective_action": "Action collective de prévention",
    "other": "Autre",
}
OUTCOMES = {"followed": "Suivie", "not_followed": "Non suivie", "unknown": "Inconnue"}
MEETINGS = {"rcp": "RCP", "dac": "Réunion avec le DAC", "other": "Autre réunion"}
STATUSES = {"open": "En cours", "closed": "Clôturé", "transferred": "Transféré"}
# What is coming (cases.domain.agenda): what an appointment is planned as, and what became of it.
PLANNED_KINDS = {"appointment": "Entretien", "accompaniment": "Accompagnement physique"}
APPOINTMENT_STATUSES = {"planned": "Prévu", "held": "Honoré", "missed": "Non honoré", "cancelled": "Annulé"}
BARRIERS = {
    "no_health_coverage": "Sans couverture santé",
    "no_gp": "Sans médecin traitant",
    "language": "Langue",
    "digital": "Numérique",
    "mobility": "Mobilité",
    "financial": "Financier",
    "housing": "Logement",
    "isolation": "Isolement",
    "health_literacy": "Compréhension du système de santé",
    "administrative": "Démarches administratives",
    "other": "Autre",
}
ACCESS = {
    "read": "Consultation",
    "export": "Export",
    "erase": "Effacement",
    "anonymise": "Anonymisation (fin de la durée de conservation)",
    "extend": "Conservation prolongée",
}
# Who did what in the access log, when it was the platform itself rather than a person.
AUTHORS = {
    "retention": "Passerelle (durée de conservation)",
    "withdrawal": "Passerelle (consentement retiré)",
    "closure": "Passerelle (dossier clôturé)",
    "transfer": "Passerelle (dossier transféré)",
}
# An activity's details as the export shows them: the inventory's words, each value in French.
DETAIL_LABELS = {key: declared.label[0].upper() + declared.label[1:] for key, declared in ACTIVITY_DETAILS.items()}
DETAIL_VALUES = {
    "mode": MODES,
    "scheme": SCHEMES,
    "channel": CHANNELS,
    "status": PROCEDURE_STATUSES,
    "partner_type": PARTNER_TYPES,
    "outcome": OUTCOMES,
    "meeting": MEETINGS,
}

IDENTITY_LABELS = {name: declared.label for name, declared in IDENTITY.items()}  # "phone": "téléphone"…

# The case file's rules as the domain states them (passerelle.errors.InvalidInput.reason), in French.
REFUSALS = {
    "cannot be before the activity itself": "la date ne peut pas précéder l'activité elle-même",
    "cannot be before the case was opened": "la date ne peut pas précéder l'ouverture du dossier",
    "cannot be before the case was reopened": "la date ne peut pas précéder la réouverture du dossier",
    "cannot be before the case was closed": "la réouverture ne peut pas précéder la clôture du dossier",
    "cannot be before the referral was received": "la date ne peut pas précéder la réception de l'orientation",
    "cannot be after the case was closed": "l'ouverture ne peut pas suivre la clôture du dossier",
    "the case was not open that day": "le dossier n'était pas ouvert ce jour-là",
    "a planned appointment cannot be in the past": "un rendez-vous se prévoit aujourd'hui ou plus tard",
    "an appointment is held or missed once its day has come": (
        "un rendez-vous est honoré ou non le jour venu, pas avant : annulez-le s'il n'aura pas lieu"
    ),
    "say where the person is accompanied": "indiquez où la personne est accompagnée (lieu ou avec qui)",
    "only a meeting or an accompaniment is planned": "seuls un entretien ou un accompagnement se prévoient",
    "not in the partner directory": (
        "cette structure n'est pas dans l'annuaire : choisissez-la dans la liste, ou cochez « Ajouter à l'annuaire »"
    ),
    "not a partner of this structure nor a shared one": (
        "ce partenaire n'est pas dans votre annuaire ni dans l'annuaire partagé"
    ),
}
