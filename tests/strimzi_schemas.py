"""Strimzi's CRD schemas (deploy/kubernetes/strimzi-crds) as JSON schemas that refuse unknown fields.

The API server prunes a field its structural schema does not declare: a misspelt or removed field
would be dropped without a word. So every object that declares `properties` and neither
`additionalProperties` nor `x-kubernetes-preserve-unknown-fields` refuses any other property here.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml


def closed(schema: dict) -> dict:
    """The schema, with objects closed to undeclared properties (recursively)."""
    out = {key: value for key, value in schema.items() if not key.startswith("x-kubernetes")}
    if "properties" in schema:
        out["properties"] = {name: closed(sub) for name, sub in schema["properties"].items()}
        if "additionalProperties" not in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
            out["additionalProperties"] = False
    if isinstance(schema.get("additionalProperties"), dict):
        out["additionalProperties"] = closed(schema["additionalProperties"])
    if "items" in schema:
        out["items"] = closed(schema["items"])
    for combination in ("oneOf", "anyOf", "allOf"):
        if combination in schema:
            out[combination] = [closed(sub) for sub in schema[combination]]
    if schema.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def validators(crds: Path, version: str) -> dict[tuple[str, str], jsonschema.Draft7Validator]:
    """{(apiVersion, kind): validator} for the served `version` of each CRD in `crds`."""
    found = {}
    for path in sorted(crds.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        [served] = [v for v in crd["spec"]["versions"] if v["name"] == version and v["served"]]
        schema = closed(served["schema"]["openAPIV3Schema"])
        schema["properties"]["metadata"] = {"type": "object"}  # the API server's, not the CRD's
        api_version = f"{crd['spec']['group']}/{version}"
        found[(api_version, crd["spec"]["names"]["kind"])] = jsonschema.Draft7Validator(schema)
    return found


def errors(validator: jsonschema.Draft7Validator, document: dict) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(document)]
