"""Every indicator and breakdown of reporting, once: what it counts (../shared/domain.md), how the
pages name it (French), the section it is shown in, its unit, and what it is suppressed with in
the département's figures (its basis and the counts it is a part of, for domain/suppression.py).
The definitions (service_layer/indicators.py), the pages, the CSVs and the events all read it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from passerelle.web.vocabulary import ACTION_KINDS, ACTION_THEMES, CLOSURES, DIFFICULTIES, REASONS, SCHEMES, SOURCES

OUTREACH_KINDS = ("street_outreach", "home_visit", "drop_in", "collective_action", "event")
COLLECTIVE_KINDS = ("collective_action", "event")


class Unit(StrEnum):
    COUNT = "count"
    RATE = "rate"  # a fraction of 1, shown in %
    MEAN = "mean"
    DAYS = "days"


@dataclass(frozen=True)
class Indicator:
    name: str
    section: str
    label: str
    definition: str
    unit: Unit = Unit.COUNT
    basis: str | None = None  # a ratio, a mean, a median: the count it is computed over
    numerator: str | None = None  # a rate that is exactly numerator / basis, both published beside it
    part_of: tuple[str, ...] = ()  # counts this one can never exceed (its people or facts are among theirs)

    @property
    def is_count(self) -> bool:
        return self.unit is Unit.COUNT


@dataclass(frozen=True)
class Breakdown:
    name: str
    title: str
    vocabulary: dict[str, str]
    # indicator -> the keys whose counts add up to it exactly (None: every key)
    adds_up_to: dict[str, tuple[str, ...] | None]


INDIVIDUAL = "Accompagnement individuel"
ORIENTATIONS = "Orientations vers les partenaires"
CLOSURE = "Fin d'accompagnement"
OUTREACH = "Aller-vers et actions collectives"
REFERRALS = "Fiches d'orientation reçues"

_INDICATORS = (  # in the order the pages show them, section by section
    Indicator(
        "persons_accompanied",
        INDIVIDUAL,
        "Personnes accompagnées",
        "distinct beneficiaries with at least one case activity other than a note in the period",
    ),
    Indicator(
        "followups_initiated", INDIVIDUAL, "Suivis engagés", "cases opened in the period (from a referral or directly)"
    ),
    Indicator(
        "individual_appointments", INDIVIDUAL, "Entretiens individuels", "activities of kind appointment in the period"
    ),
    Indicator(
        "missed_appointments",
        INDIVIDUAL,
        "Rendez-vous non honorés",
        "planned appointments and accompaniments the person did not come to, on their day in the period",
    ),
    Indicator(
        "physical_accompaniments",
        INDIVIDUAL,
        "Accompagnements physiques",
        "activities of kind accompaniment in the period",
    ),
    Indicator(
        "procedures_started",
        INDIVIDUAL,
        "Démarches d'accès aux droits engagées",
        "procedures started in the period (per scheme: procedures_by_scheme)",
    ),
    Indicator(
        "lup_referrals",
        INDIVIDUAL,
        "dont saisines de la Ligne urgence précarité (CPAM)",
        "procedures started in the period through the CPAM Ligne urgence précarité",
        part_of=("procedures_started",),
    ),
    Indicator(
        "first_appointments_measured",
        INDIVIDUAL,
        "dont suivis issus d'une fiche, avec un premier entretien",
        "cases opened from a referral in the period that have an appointment",
        part_of=("followups_initiated",),
    ),
    Indicator(
        "median_days_to_first_appointment",
        INDIVIDUAL,
        "Délai médian entre la fiche et le premier entretien (jours)",
        "over those cases: median of days from submission to the first appointment",
        Unit.DAYS,
        basis="first_appointments_measured",
    ),
    Indicator("orientations_proposed", ORIENTATIONS, "Orientations proposées", "orientations dated in the period"),
    Indicator(
        "orientations_followed",
        ORIENTATIONS,
        "Orientations suivies",
        "of those, the ones whose outcome (recorded at any time) is followed",
        part_of=("orientations_proposed",),
    ),
    Indicator(
        "follow_rate",
        ORIENTATIONS,
        "Taux d'orientations suivies",
        "orientations_followed / orientations_proposed",
        Unit.RATE,
        basis="orientations_proposed",
        numerator="orientations_followed",
    ),
    Indicator(
        "persons_oriented",
        ORIENTATIONS,
        "Personnes orientées",
        "distinct beneficiaries with at least one orientation in the period",
        part_of=("orientations_proposed", "persons_accompanied"),
    ),
    Indicator(
        "partners_involved",
        ORIENTATIONS,
        "Partenaires mobilisés",
        "distinct partners named in actions or orientations dated in the period",
    ),
    Indicator(
        "cases_closed",
        CLOSURE,
        "Accompagnements clôturés",
        "distinct cases with a closure in the period (closed, reopened and closed again counts once)",
    ),
    Indicator(
        "closed_improved",
        CLOSURE,
        "dont situation améliorée",
        "of those, the ones whose last closure in the period has outcome improved",
        part_of=("cases_closed",),
    ),
    Indicator(
        "improvement_rate",
        CLOSURE,
        "Taux de situations améliorées",
        "closed_improved / cases_closed",
        Unit.RATE,
        basis="cases_closed",
        numerator="closed_improved",
    ),
    Indicator(
        "satisfaction_mean",
        CLOSURE,
        "Satisfaction moyenne (sur 5)",
        "mean of the scores given at those last closures",
        Unit.MEAN,
        basis="satisfaction_responses",
    ),
    Indicator(
        "satisfaction_responses",
        CLOSURE,
        "Réponses de satisfaction",
        "how many of those last closures carry a score",
        part_of=("cases_closed",),
    ),
    Indicator(
        "persons_received",
        OUTREACH,
        "Personnes rencontrées en aller-vers",
        "people met over street outreach, home visits, drop-ins, collective actions and events",
    ),
    Indicator(
        "outreach_actions",
        OUTREACH,
        "Actions d'aller-vers",
        "actions of kinds street_outreach, home_visit, drop_in, collective_action, event",
    ),
    Indicator(
        "collective_actions",
        OUTREACH,
        "Actions collectives et événements",
        "actions of kinds collective_action and event",
        part_of=("outreach_actions",),
    ),
    Indicator("partner_meetings", OUTREACH, "Réunions partenaires", "actions of kind partner_meeting"),
    Indicator(
        "referrals_received",
        REFERRALS,
        "Fiches reçues",
        "referrals submitted to the tenant, plus transferred to it, in the period",
    ),
    Indicator(
        "referrals_decided",
        REFERRALS,
        "Fiches décidées (acceptées ou refusées)",
        "referrals accepted or declined in the period",
    ),
    Indicator(
        "referrals_accepted", REFERRALS, "dont acceptées", "of those, the ones accepted", part_of=("referrals_decided",)
    ),
    Indicator(
        "acceptance_rate",
        REFERRALS,
        "Taux d'acceptation",
        "referrals_accepted / referrals_decided",
        Unit.RATE,
        basis="referrals_decided",
        numerator="referrals_accepted",
    ),
)
INDICATORS: dict[str, Indicator] = {indicator.name: indicator for indicator in _INDICATORS}
SECTIONS: dict[str, list[Indicator]] = {}
for _indicator in _INDICATORS:
    SECTIONS.setdefault(_indicator.section, []).append(_indicator)

BREAKDOWNS: dict[str, Breakdown] = {
    b.name: b
    for b in (
        Breakdown("referrals_by_source", "Fiches reçues, par origine", SOURCES, {"referrals_received": None}),
        Breakdown("referrals_by_reason", "Fiches reçues, par motif", REASONS, {}),  # several reasons per referral
        Breakdown("referrals_by_difficulty", "Fiches reçues, par difficulté repérée", DIFFICULTIES, {}),
        Breakdown("procedures_by_scheme", "Démarches engagées, par dispositif", SCHEMES, {"procedures_started": None}),
        Breakdown(
            "actions_by_kind",
            "Actions, par type",
            ACTION_KINDS,
            {
                "outreach_actions": OUTREACH_KINDS,
                "collective_actions": COLLECTIVE_KINDS,
                "partner_meetings": ("partner_meeting",),
            },
        ),
        Breakdown("actions_by_theme", "Actions, par thème", ACTION_THEMES, {}),  # several themes per action
        Breakdown(
            "closures_by_outcome",
            "Clôtures, par issue",
            CLOSURES,
            {"cases_closed": None, "closed_improved": ("improved",)},
        ),
    )
}
