"""Referrals and their lifecycle. Plain Python: no framework here."""

from __future__ import annotations

import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from passerelle.clock import paris_day
from passerelle.errors import InvalidInput, InvalidTransition
from passerelle.privacy.inventory import IDENTITY, REFERRALS
from passerelle.tenancy import TenantOwned

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


class ReferralStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"


# What the referrer sees through the tracking code: never more than this.
TRACKING_STATUS = {
    ReferralStatus.SUBMITTED: "received",
    ReferralStatus.ACCEPTED: "accepted",
    ReferralStatus.DECLINED: "declined",
    ReferralStatus.WITHDRAWN: "closed",
}

# What names or describes the person and the professional who referred them: emptied by an erasure,
# a withdrawal, a transfer, the retention pass (the inventory of personal data says which).
PERSONAL_FIELDS = REFERRALS.erased
# What the cases service receives, sealed with the person's key, to open the case file.
CASE_FILE_FIELDS = (
    *IDENTITY,
    "referrer",
    "source",
    "reasons",
    "reason_other",
    "difficulties",
    "difficulty_other",
    "observations",
    "consent_recorded_by",
)


def new_tracking_code() -> str:
    return "-".join("".join(secrets.choice(TRACKING_ALPHABET) for _ in range(4)) for _ in range(3))


def identity_key(last_name: str, first_name: str, birth_date: date) -> str:
    """Names compared without case, accents, spaces or hyphens: "Lefèvre-Dupont" = "lefevre dupont"."""

    def fold(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in plain.casefold() if ch.isalnum())

    return f"{fold(last_name)}|{fold(first_name)}|{birth_date.isoformat()}"


PUBLIC_FORM = "public-form"  # the submitter of a fiche sent from the public form: received when sent


@dataclass(eq=False)
class Referral(TenantOwned):
    """A "fiche d'orientation": a person referred to the tenant's mediators, with their consent."""

    id: uuid.UUID
    tenant_id: str
    source: str
    referrer: dict | None
    submitted_by: str
    last_name: str | None
    first_name: str | None
    birth_date: date | None
    phone: str | None
    address: str | None
    postal_code: str | None
    commune: str | None
    reasons: list[str]
    reason_other: str | None
    difficulties: list[str]
    difficulty_other: str | None
    observations: str | None
    consent_recorded_by: str | None
    consent_method: str
    consent_recorded_at: datetime
    submitted_at: datetime  # when the fiche was received: a paper fiche's day (clock.moment_of), or its sending
    beneficiary_pid: uuid.UUID = field(default_factory=uuid.uuid4)
    tracking_code: str | None = field(default_factory=new_tracking_code)
    identity_key: str | None = None
    status: str = ReferralStatus.SUBMITTED
    decided_at: datetime | None = None
    decided_by: str | None = None
    decline_reason: str | None = None
    decline_note: str | None = None  # the team's own, internal
    referrer_message: str | None = None  # what the team says to the referrer of a referral not kept
    transferred_to: str | None = None
    transferred_from: str | None = None
    case_closed: bool = False  # the case opened from it is closed (the referrer's loop ends there)
    recorded_at: datetime | None = None  # when it was typed in (the audit), apart from its receipt
    decision_recorded_at: datetime | None = None  # when its decision was typed in, apart from its day

    def __post_init__(self) -> None:
        if self.identity_key is None and self.last_name and self.first_name and self.birth_date:
            self.identity_key = identity_key(self.last_name, self.first_name, self.birth_date)

    @property
    def tracking_status(self) -> str:
        if self.status == ReferralStatus.ACCEPTED and self.case_closed:
            return "closed"
        return TRACKING_STATUS.get(ReferralStatus(self.status), "closed")

    def accept(self, *, by: str, at: datetime) -> None:
        self._decide(ReferralStatus.ACCEPTED, "accepted", by=by, at=at)

    def decline(
        self, *, reason: str, note: str | None, by: str, at: datetime, referrer_message: str | None = None
    ) -> None:
        self._decide(ReferralStatus.DECLINED, "declined", by=by, at=at)
        self.decline_reason, self.decline_note, self.referrer_message = reason, note, referrer_message

    @property
    def referrer_email(self) -> str | None:
        """Where the referrer asked to be told what became of the referral (they may have left none)."""
        return (self.referrer or {}).get("email")

    def transfer_to(self, tenant: str, *, by: str, at: datetime) -> Referral:
        """Hand the referral whole to `tenant` (another one: passerelle.registry.require_transfer_target);
        this one becomes a tombstone. Returns the receiver's copy."""
        self._decide(ReferralStatus.TRANSFERRED, "transferred", by=by, at=at)
        received = Referral(
            id=uuid.uuid4(),
            tenant_id=tenant,
            submitted_by=self.submitted_by,
            submitted_at=self.submitted_at,
            beneficiary_pid=self.beneficiary_pid,
            tracking_code=self.tracking_code,
            transferred_from=self.tenant_id,
            **{
                name: getattr(self, name)
                for name in (
                    *PERSONAL_FIELDS,
                    "source",
                    "reasons",
                    "difficulties",
                    "consent_method",
                    "consent_recorded_at",
                )
            },
        )
        self.transferred_to, self.tracking_code = tenant, None
        self.erase_personal_data()
        return received

    def correct_receipt(self, at: datetime) -> None:
        """A paper fiche's day of receipt typed wrong: not after its decision (a sent form's receipt is
        its sending, refused by the caller)."""
        if self.decided_at is not None and paris_day(at) > paris_day(self.decided_at):
            raise InvalidInput("received_on", "cannot be after the referral was decided")
        self.submitted_at = at

    def withdraw_consent(self, *, by: str, at: datetime) -> None:
        if self.status in (ReferralStatus.WITHDRAWN, ReferralStatus.TRANSFERRED):
            raise InvalidTransition(
                f"a referral that is {self.status} holds no consent to withdraw", current_state=self.status
            )
        self.status, self.decided_by, self.decided_at = ReferralStatus.WITHDRAWN, by, at
        self.erase_personal_data()

    def erase_personal_data(self) -> None:
        REFERRALS.erase(self)

    def case_file_data(self) -> dict:
        """What the cases service needs to open the case file (sealed before it leaves this service)."""
        return {name: getattr(self, name) for name in CASE_FILE_FIELDS}

    def _decide(self, status: ReferralStatus, verb: str, *, by: str, at: datetime) -> None:
        if self.status != ReferralStatus.SUBMITTED:
            raise InvalidTransition(f"a referral that is {self.status} cannot be {verb}", current_state=self.status)
        if paris_day(at) < paris_day(self.submitted_at):
            raise InvalidInput("decided_on", "cannot be before the referral was received")
        self.status, self.decided_by, self.decided_at = status, by, at


@dataclass(eq=False)
class ReferrerMail(TenantOwned):
    """A message to a referrer that their referral was accepted, not kept, or its follow-up ended: written
    with the decision (the same transaction: none for a decision rolled back), sent by the mail relay
    (referral.service_layer.referrer_mail), once. It names only the tracking code: nothing of the person."""

    id: uuid.UUID
    tenant_id: str
    referral_id: uuid.UUID
    kind: str  # accepted | declined | closed
    to_address: str
    tracking_code: str
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    sent_at: datetime | None = None
    last_error: str | None = None


@dataclass(eq=False)
class DigestSubscription(TenantOwned):
    """A team member who asked for the daily summary by mail (counts only, nothing of any person)."""

    subject: str
    tenant_id: str
    email: str
    subscribed_at: datetime
    last_sent_on: date | None = None
