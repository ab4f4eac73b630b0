"""Every string and list of every event contract is bounded, and the bound is the column's that stores
it: a contract-valid event never meets a database that refuses its values (a partition blocked).
The contract is the source of truth; the tables (SQLAlchemy's metadata) and the migrated databases
must follow it."""

from __future__ import annotations

import re

import pytest

from cases.adapters import orm as cases
from outreach.adapters import orm as outreach
from passerelle import registry
from passerelle.contracts import Envelope
from passerelle.contracts import events as e
from passerelle.contracts.payloads import all_payload_models
from passerelle.messaging.tables import inbox, outbox
from referral.adapters import orm as referral
from reporting.adapters import orm as reporting

# Where each bounded field of a contract is stored, by the service that emits it or one that consumes it.
STORED_IN = {
    (Envelope, "tenantid"): [outbox.c.tenant_id, reporting.activity_facts.c.tenant_id, cases.cases.c.tenant_id],
    (Envelope, "subject"): [outbox.c.key],
    (Envelope, "type"): [inbox.c.event_type, outbox.c.event_type],
    (e.TenantRegistered, "tenant_id"): [registry.tenants.c.id],
    (e.TenantRegistered, "name"): [registry.tenants.c.name],
    (e.TenantRegistered, "postal_codes"): [registry.tenants.c.postal_codes],
    (e.ReferralSubmitted, "source"): [referral.referrals.c.source, reporting.referral_facts.c.source],
    (e.ReferralSubmitted, "reasons"): [referral.referrals.c.reasons, reporting.referral_facts.c.reasons],
    (e.ReferralSubmitted, "difficulties"): [referral.referrals.c.difficulties, reporting.referral_facts.c.difficulties],
    (e.ReferralReceivedByTransfer, "from_tenant"): [referral.referrals.c.transferred_from],
    (e.ReferralReceivedByTransfer, "reasons"): [reporting.referral_facts.c.reasons],
    (e.ReferralReceivedByTransfer, "difficulties"): [reporting.referral_facts.c.difficulties],
    (e.ReferralAccepted, "accepted_by"): [referral.referrals.c.decided_by, cases.cases.c.assigned_to],
    (e.ReferralDeclined, "reason"): [referral.referrals.c.decline_reason],
    (e.ReferralTransferred, "to_tenant"): [referral.referrals.c.transferred_to],
    (e.CaseActivityRecorded, "kind"): [cases.activities.c.kind, reporting.activity_facts.c.kind],
    (e.CaseActivityRecorded, "scheme"): [reporting.activity_facts.c.scheme],
    (e.CaseActivityRecorded, "channel"): [reporting.activity_facts.c.channel],
    (e.CaseActivityRecorded, "partner_name"): [
        reporting.activity_facts.c.partner_name,
        outreach.partner_orientations.c.partner_name,
    ],
    (e.CaseActivityCorrected, "partner_name"): [
        reporting.activity_facts.c.partner_name,
        outreach.partner_orientations.c.partner_name,
    ],
    (e.CaseOrientationOutcomeRecorded, "outcome"): [reporting.activity_facts.c.outcome],
    (e.CaseClosed, "outcome"): [cases.cases.c.closure_outcome, reporting.closure_facts.c.outcome],
    (e.CaseTransferred, "to_tenant"): [cases.cases.c.transferred_to],
    (e.CaseReceivedByTransfer, "from_tenant"): [cases.cases.c.transferred_from],
    (e.OutreachActionRecorded, "kind"): [outreach.actions.c.kind, reporting.outreach_action_facts.c.kind],
    (e.OutreachActionRecorded, "commune"): [outreach.actions.c.commune],
    (e.OutreachActionRecorded, "themes"): [outreach.actions.c.themes, reporting.outreach_action_facts.c.themes],
    (e.OutreachActionUpdated, "themes"): [reporting.outreach_action_facts.c.themes],
    (e.PartnerRegistered, "name"): [
        outreach.partners.c.name,
        reporting.partner_facts.c.name,
        cases.directory_partners.c.name,
        cases.directory_partners.c.key,
    ],
    (e.PartnerRegistered, "type"): [outreach.partners.c.type],
    (e.PartnerRegistered, "sector"): [outreach.partners.c.sector],
    (e.PartnerRegistered, "commune"): [outreach.partners.c.commune, cases.directory_partners.c.commune],
    (e.PartnerUpdated, "name"): [reporting.partner_facts.c.name, cases.directory_partners.c.name],
    (e.CasePartnerAdded, "name"): [cases.directory_partners.c.name, outreach.partners.c.name],
    (e.CasePartnerAdded, "type"): [cases.directory_partners.c.type, outreach.partners.c.type],
    (e.MonthlyIndicators, "tenant_id"): [reporting.published_months.c.tenant_id],
}


def _schemas() -> list[tuple[str, dict]]:
    return [(m.__name__, m.model_json_schema()) for m in [*all_payload_models(), Envelope]]


def _unbounded(node, path: str, defs: dict) -> list[str]:
    """Paths of the strings without a maximum length and the lists without a maximum of items."""
    if isinstance(node, list):
        return [found for n, item in enumerate(node) for found in _unbounded(item, f"{path}[{n}]", defs)]
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        return _unbounded(defs[node["$ref"].split("/")[-1]], path, defs)
    found = []
    if node.get("type") == "string" and not (
        {"maxLength", "enum", "const"} & node.keys() or node.get("format") in ("uuid", "date", "date-time")
    ):
        found.append(path)
    if node.get("type") == "array" and "maxItems" not in node:
        found.append(path)
    for key, child in node.items():
        if key not in ("$defs", "default", "examples"):
            found += _unbounded(child, f"{path}.{key}", defs)
    return found


@pytest.mark.parametrize("name, schema", _schemas(), ids=[name for name, _ in _schemas()])
def test_every_string_and_list_of_a_contract_has_a_maximum(name, schema):
    assert _unbounded(schema, name, schema.get("$defs", {})) == []


def contract_limit(model, field: str) -> tuple[int, bool]:
    """The longest value a contract lets a field (or each item of a list field) take, and whether
    it is free text (else one of a few values)."""
    node = model.model_json_schema()["properties"][field]
    node = next((n for n in node.get("anyOf", [node]) if n.get("type") != "null"), node)
    node = node.get("items", node)
    if "enum" in node or "const" in node:
        return max(len(value) for value in node.get("enum", [node.get("const")])), False
    return node["maxLength"], True


def column_length(column) -> int:
    kind = column.type
    return getattr(kind, "item_type", kind).length


@pytest.mark.parametrize("model, field", list(STORED_IN), ids=[f"{m.__name__}.{f}" for m, f in STORED_IN])
def test_each_contract_maximum_is_the_length_of_the_columns_that_store_it(model, field):
    limit, free_text = contract_limit(model, field)
    lengths = {f"{c.table.name}.{c.name}": column_length(c) for c in STORED_IN[model, field]}
    assert all(length >= limit for length in lengths.values()), (limit, lengths)
    if free_text:
        assert min(lengths.values()) == limit, (limit, lengths)


DATABASE_OF = {
    id(reporting.metadata): "reporting",
    id(reporting.publication_metadata): "reporting",
    id(outreach.metadata): "outreach",
    id(cases.metadata): "cases",
    id(referral.metadata): "referral",
}


def test_the_migrated_databases_have_the_lengths_of_the_tables(platform):
    """The migrations made the columns the metadata describes (an Alembic change that forgot one fails)."""
    for columns in STORED_IN.values():
        for column in columns:
            database = DATABASE_OF.get(id(column.table.metadata))
            if database is None:
                continue  # inbox, outbox, tenants: in several databases, their migration shared
            table = f"{column.table.schema}.{column.table.name}" if column.table.schema else column.table.name
            declared = platform.postgres.psql(
                f"SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                f"WHERE attrelid = '{table}'::regclass AND attname = '{column.name}'",
                database,
            )
            assert int(re.search(r"\((\d+)\)", declared).group(1)) == column_length(column), (table, column.name)
