"""The words of the trade the pages use, explained once: the glossary page (/referral/glossaire, open to
everyone) and the help text under each field that uses one (`explain` in the templates)."""

from __future__ import annotations

TERMS = {  # abbreviation: (what it stands for, what it is for a mediator)
    "AME": ("Aide médicale de l'État", "prise en charge des soins des personnes étrangères sans titre de séjour"),
    "ARS": ("Agence régionale de santé", "finance la médiation en santé et reçoit ses indicateurs"),
    "ASV": ("Atelier santé ville", "démarche locale de santé publique des quartiers de la politique de la ville"),
    "C2S": (
        "Complémentaire santé solidaire",
        "complémentaire gratuite ou à moins d'un euro par jour, selon les ressources (aussi appelée CSS)",
    ),
    "CCAS": ("Centre communal d'action sociale", "l'action sociale de la commune : aides, domiciliation"),
    "CLS": (
        "Contrat local de santé",
        "accord entre l'ARS et une collectivité sur les priorités de santé du territoire",
    ),
    "CMP": ("Centre médico-psychologique", "consultations de santé mentale publiques et gratuites"),
    "CPAM": ("Caisse primaire d'assurance maladie", "ouvre les droits à l'assurance maladie"),
    "CPTS": ("Communauté professionnelle territoriale de santé", "les soignants d'un territoire organisés ensemble"),
    "CSS": ("Complémentaire santé solidaire", "autre sigle de la C2S"),
    "DAC": (
        "Dispositif d'appui à la coordination",
        "appui aux professionnels pour les parcours de santé complexes ; une orientation peut y être relayée",
    ),
    "LUP": (
        "Ligne urgence précarité",
        "voie accélérée de la CPAM pour ouvrir les droits d'une personne en grande précarité",
    ),
    "MDPH": ("Maison départementale des personnes handicapées", "reconnaissance du handicap, AAH, PCH"),
    "PASS": ("Permanence d'accès aux soins de santé", "soins à l'hôpital pour les personnes sans droits ouverts"),
    "PUMa": ("Protection universelle maladie", "la prise en charge des frais de santé par l'assurance maladie"),
    "QPV": ("Quartier prioritaire de la politique de la ville", "quartier où les revenus sont les plus bas"),
    "RCP": (
        "Réunion de concertation pluriprofessionnelle",
        "les professionnels qui suivent une personne décident ensemble de la suite",
    ),
    "RSA": ("Revenu de solidarité active", "revenu minimum, ouvre aussi droit à la C2S gratuite"),
}


def explain(*abbreviations: str) -> str:
    """The help text under a field: "AME : aide médicale de l'État · C2S : …"."""
    return " · ".join(f"{a} : {TERMS[a][0][0].lower()}{TERMS[a][0][1:]}" for a in abbreviations)
