"""How long a person's identity is kept, by the CNIL's reference for the social and medico-social
sector (délibération 2023-095): the active file of an accompanied person, 2 years from the last
contact; then it is anonymised — identity and free texts emptied, the person's key destroyed —
and only the anonymous activities stay, for the counts. Plain Python: no framework here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cases.domain.model import Case
from passerelle.clock import add_months
from passerelle.errors import InvalidInput
from passerelle.privacy import CASE_FILE_MONTHS, TRACES_MONTHS
from passerelle.tenancy import TenantOwned

DEFAULT_MONTHS = CASE_FILE_MONTHS  # the CNIL's reference: 2 years after the last contact
SHORTEST_MONTHS, LONGEST_MONTHS = 6, CASE_FILE_MONTHS  # a tenant may keep less, never more without a legal duty
NOTICE_DAYS = 30  # coordinators see what is coming this far ahead, and may extend a file
LONGEST_EXTENSION_DAYS = 366  # one extension is a year at most; it can be given again, with its reason
# The access log (who read, exported, erased, anonymised, extended which file): a year, the longest of
# the CNIL's recommendation for such traces (6 months to a year), to answer a person who asks who read
# their file, and to look into an incident found late.
ACCESS_LOG_MONTHS = TRACES_MONTHS


@dataclass(eq=False)
class RetentionPolicy(TenantOwned):
    """A tenant's own choice, within the reference; without one, DEFAULT_MONTHS."""

    tenant_id: str
    identity_months: int
    updated_by: str
    updated_at: datetime

    def __post_init__(self) -> None:
        if not SHORTEST_MONTHS <= self.identity_months <= LONGEST_MONTHS:
            raise InvalidInput(
                "identity_months", f"between {SHORTEST_MONTHS} and {LONGEST_MONTHS} months (CNIL 2023-095)"
            )


@dataclass(eq=False)
class RetentionExtension(TenantOwned):
    """A coordinator keeps a file longer, with the reason (the person came back, a procedure under way)."""

    case_id: uuid.UUID
    tenant_id: str
    until: date
    reason: str
    by: str
    at: datetime


@dataclass(eq=False)
class RetentionRun(TenantOwned):
    """One day's pass over a tenant's files: when, and how many were anonymised."""

    id: uuid.UUID
    tenant_id: str
    ran_on: date
    started_at: datetime
    anonymised: int


def last_contact(case: Case) -> date:
    """The last day the person was seen or their file moved: opening, reopening, closure, an activity."""
    days = [case.opened_on, case.reopened_on, case.closed_on]
    days += [a.occurred_on for a in case.activities if a.deleted_at is None]
    return max(day for day in days if day is not None)


def anonymisation_day(case: Case, *, months: int, extended_until: date | None = None) -> date:
    """The first day on which the case's identity is no longer kept."""
    due = add_months(last_contact(case), months)
    return max(due, extended_until) if extended_until else due


def extension(case: Case, *, until: date, reason: str, by: str, at: datetime, today: date) -> RetentionExtension:
    if case.erased_at is not None:
        raise InvalidInput("until", "the file is already anonymised or erased: nothing is left to keep")
    if not reason.strip():
        raise InvalidInput("reason", "say why the file is kept longer")
    if not today < until <= today + timedelta(days=LONGEST_EXTENSION_DAYS):
        raise InvalidInput("until", f"after today and within {LONGEST_EXTENSION_DAYS} days")
    return RetentionExtension(
        case_id=case.id, tenant_id=case.tenant_id, until=until, reason=reason.strip(), by=by, at=at
    )
