"""Event histories built by hand, published through the real broker as the services would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from passerelle.contracts import Envelope, EventPayload
from passerelle.contracts import events as e
from passerelle.messaging.access import KafkaAccess
from tests.support import envelope_for, publish_events


def moment(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


@dataclass
class History:
    tenant: str
    envelopes: list[Envelope] = field(default_factory=list)

    def add(self, payload: EventPayload, subject) -> Envelope:
        envelope = envelope_for(payload, tenant=self.tenant, subject=str(subject))
        self.envelopes.append(envelope)
        return envelope

    def case(self, opened: date, *, referral_submitted: date | None = None) -> tuple[uuid.UUID, uuid.UUID]:
        case_id, pid = uuid.uuid4(), uuid.uuid4()
        self.add(
            e.CaseOpened(
                case_id=case_id,
                beneficiary_pid=pid,
                opened_on=opened,
                referral_id=uuid.uuid4() if referral_submitted else None,
                referral_submitted_at=moment(referral_submitted) if referral_submitted else None,
            ),
            case_id,
        )
        return case_id, pid

    def activity(self, case: tuple[uuid.UUID, uuid.UUID], kind: str, on: date, **fields) -> uuid.UUID:
        activity_id = uuid.uuid4()
        self.add(
            e.CaseActivityRecorded(
                case_id=case[0], activity_id=activity_id, beneficiary_pid=case[1], kind=kind, occurred_on=on, **fields
            ),
            case[0],
        )
        return activity_id

    def outcome(self, case, activity_id: uuid.UUID, outcome: str, on: date) -> Envelope:
        return self.add(
            e.CaseOrientationOutcomeRecorded(
                case_id=case[0], activity_id=activity_id, beneficiary_pid=case[1], outcome=outcome, recorded_on=on
            ),
            case[0],
        )

    def close(self, case, on: date, outcome: str, satisfaction: int | None = None) -> None:
        self.add(
            e.CaseClosed(
                case_id=case[0],
                beneficiary_pid=case[1],
                referral_id=None,
                closed_on=on,
                outcome=outcome,
                satisfaction=satisfaction,
            ),
            case[0],
        )

    def reopen(self, case, on: date) -> None:
        self.add(e.CaseReopened(case_id=case[0], beneficiary_pid=case[1], referral_id=None, reopened_on=on), case[0])

    def action(
        self, kind: str, on: date, people_met: int = 0, partner_ids: tuple = (), themes: tuple = ()
    ) -> uuid.UUID:
        action_id = uuid.uuid4()
        self.add(
            e.OutreachActionRecorded(
                action_id=action_id,
                kind=kind,
                occurred_on=on,
                people_met=people_met,
                people_redirected=0,
                partner_ids=partner_ids,
                themes=themes,
            ),
            action_id,
        )
        return action_id

    def publish(self, kafka: KafkaAccess) -> None:
        from passerelle.contracts.payloads import payload_model

        by_topic: dict[str, list[Envelope]] = {}
        for envelope in self.envelopes:
            by_topic.setdefault(payload_model(envelope.type, envelope.dataversion).topic, []).append(envelope)
        for topic, envelopes in by_topic.items():
            publish_events(kafka, envelopes, topic)
