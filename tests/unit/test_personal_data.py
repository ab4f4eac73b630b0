"""The inventory of personal data (passerelle.privacy.inventory) covers every stored field, and the
erasures empty exactly what it declares: a column or a detail added later cannot escape them."""

from __future__ import annotations

import typing
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import MetaData

from cases.adapters import orm as cases_orm
from cases.domain.model import Activity, Case
from cases.entrypoints.schemas import (
    AccessOut,
    ActivityBase,
    ActivityIn,
    ActivityOut,
    CaseExport,
    CaseOut,
    ExtensionOut,
    RevisionOut,
)
from outreach.adapters import orm as outreach_orm
from passerelle import registry
from passerelle.keystore import tables as keystore_tables
from passerelle.messaging import tables as messaging_tables
from passerelle.privacy import Category, Field
from passerelle.privacy.inventory import ACTIVITIES, ACTIVITY_DETAILS, CASES, REFERRALS, TABLES, table
from passerelle.web import sessions
from referral.adapters import orm as referral_orm
from referral.domain.model import Referral
from reporting.adapters import orm as reporting_orm
from reporting.adapters import subscriber_activity

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DATABASES: dict[str, tuple[MetaData, ...]] = {
    "referral": (referral_orm.metadata,),
    "cases": (cases_orm.metadata,),
    "outreach": (outreach_orm.metadata,),
    "reporting": (reporting_orm.metadata, reporting_orm.publication_metadata, subscriber_activity.metadata),
    "keystore": (keystore_tables.metadata,),
    "*": (messaging_tables.metadata, sessions.metadata, registry.metadata),
}


def stored_columns() -> set[tuple[str, str, str]]:
    return {
        (service, t.name, c.name)
        for service, metadatas in DATABASES.items()
        for metadata in metadatas
        for t in metadata.tables.values()
        for c in t.columns
    }


def declared_columns() -> set[tuple[str, str, str]]:
    return {(t.service, t.name, name) for t in TABLES for name in t.fields}


def test_every_stored_column_is_declared_in_the_inventory():
    missing = stored_columns() - declared_columns()
    assert not missing, f"declare these columns in passerelle/privacy/inventory.py: {sorted(missing)}"


def test_the_inventory_declares_no_column_that_is_not_stored():
    assert not declared_columns() - stored_columns()


def detail_keys() -> set[str]:
    """Every key an activity's details can hold: each kind's own fields, and what its life adds."""
    base = set(ActivityBase.model_fields) | {"kind", "duration_minutes"}
    kinds = typing.get_args(typing.get_args(ActivityIn)[0])
    own = {name for kind in kinds for name in kind.model_fields} - base - {"new_partner"}  # an instruction, not kept
    return own | {"status", "history", "outcome", "outcome_on"}  # a procedure's steps, an orientation's outcome


def test_every_detail_an_activity_can_hold_is_declared():
    assert detail_keys() == set(ACTIVITY_DETAILS)


def test_a_field_of_the_person_kept_after_erasure_says_why():
    with pytest.raises(ValueError, match="must say why"):
        Field(Category.FREE_TEXT, "notes")
    for t in TABLES:
        for name, declared in t.fields.items():
            assert (
                declared.erased
                or declared.kept_because
                or declared.category
                not in {
                    Category.IDENTITY,
                    Category.FREE_TEXT,
                    Category.HEALTH,
                }
            ), (t.name, name)


def filled(declared: Field, name: str) -> object:
    """A value for a field, as a person's file would hold it."""
    if declared.keys is not None:
        return {key: f"{name}.{key}" for key in declared.keys}
    return {"birth_date": date(1980, 5, 17), "barriers": ["language"]}.get(name, f"valeur de {name}")


def test_erasing_a_case_empties_every_field_the_inventory_says_and_keeps_the_rest():
    case = Case(
        id=uuid.uuid4(),
        tenant_id="t",
        beneficiary_pid=uuid.uuid4(),
        opened_on=date(2026, 3, 2),
        opened_at=AT,
        assigned_to="m",
    )
    for name in CASES.erased:
        setattr(case, name, filled(CASES.fields[name], name))
    activity = Activity(
        id=uuid.uuid4(), tenant_id="t", case_id=case.id, kind="procedure", occurred_on=date(2026, 3, 3), author="m",
        recorded_at=AT, comment="Habite chez sa sœur", details=filled(ACTIVITIES.fields["details"], "details"),
    )  # fmt: skip
    activity.details["unknown"] = "une clé que personne n'a déclarée"
    case.activities.append(activity)
    activity.revise("corrected", by="m", at=AT)
    case.erase_personal_data(at=AT)

    assert all(getattr(case, name) in (None, []) for name in CASES.erased)
    assert case.assigned_to == "m" and case.erased_at == AT
    erased_details = {k for k, f in ACTIVITY_DETAILS.items() if f.erased}
    assert erased_details >= {"scheme_other", "destination", "specialty"}
    for details in (activity.details, activity.revisions[0].before["details"]):
        assert {k for k, v in details.items() if v is None} == erased_details
        assert details["scheme"] == "details.scheme" and "unknown" not in details
    assert activity.comment is None and activity.revisions[0].before["comment"] is None


def test_erasing_a_referral_empties_every_field_the_inventory_says():
    referral = Referral(
        id=uuid.uuid4(), tenant_id="t", source="professional", referrer=None, submitted_by="r", last_name=None,
        first_name=None, birth_date=None, phone=None, address=None, postal_code=None, commune=None,
        reasons=["care_rupture"], reason_other=None, difficulties=["exile"], difficulty_other=None, observations=None,
        consent_recorded_by=None, consent_method="signed_form", consent_recorded_at=AT, submitted_at=AT,
    )  # fmt: skip
    for name in REFERRALS.erased:
        setattr(referral, name, filled(REFERRALS.fields[name], name))
    referral.erase_personal_data()
    assert all(getattr(referral, name) is None for name in REFERRALS.erased)
    assert (referral.reasons, referral.difficulties, referral.submitted_by) == (["care_rupture"], ["exile"], "r")


def test_identity_is_declared_alike_wherever_it_is_stored():
    assert {n: f for n, f in table("referrals").fields.items() if f.category is Category.IDENTITY} == {
        **{n: f for n, f in table("cases").fields.items() if f.category is Category.IDENTITY},
        "identity_key": REFERRALS.fields["identity_key"],
    }


@pytest.mark.parametrize(
    "stored, exported",
    [
        (CASES, CaseOut),
        (ACTIVITIES, ActivityOut),
        (table("activity_revisions"), RevisionOut),
        (table("access_log"), AccessOut),
        (table("retention_extensions"), ExtensionOut),
    ],
    ids=lambda x: getattr(x, "name", getattr(x, "__name__", "")),
)
def test_the_export_gives_every_field_held_on_the_person(stored, exported):
    """The right of access: what the inventory says a case file holds on the person or about them, the
    export (GET /cases/{id}/export, CaseExport) gives."""
    told = {name for name, f in stored.fields.items() if f.category is not Category.TECHNICAL}
    assert told <= set(exported.model_fields), told - set(exported.model_fields)
    assert {"case", "activities", "access_log", "retention_extension"} <= set(CaseExport.model_fields)
