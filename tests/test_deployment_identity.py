"""Identity in the deployment manifests: every service trusts the Keycloak realm and signs in as its
own page client, Keycloak runs in production mode from the realm file, and nothing in the rendered
Kubernetes overlays or compose configuration can turn on the demo tokens (or a stopped clock),
whatever the compose environment says."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
import yaml

from tests.test_deployment import COMPOSE_ENV, REPO, SERVICES, compose_config, of_kind, render

REALM_FILE = REPO / "deploy" / "keycloak" / "realm-passerelle.json"
NEVER_DEPLOYED = {
    "PASSERELLE_DEV_TOKENS_KEY_FILE",  # tokens minted by `passerelle token`
    "PASSERELLE_JWT_PRIVATE_KEY_FILE",  # the former demo sign-in
    "PASSERELLE_JWT_PUBLIC_KEY_FILE",  # the former static key
    "PASSERELLE_CLOCK_FROZEN_AT",
}
# What an .env file (or the shell) might try; compose must not pass any of it on.
HOSTILE_ENV = {
    **{name: "/tmp/demo" for name in NEVER_DEPLOYED},
    "PASSERELLE_CLOCK_FROZEN_AT": "2026-03-01T00:30:00+01:00",
    "PASSERELLE_SERVED_OVER_HTTPS": "false",
}


@pytest.fixture(scope="module", params=["small", "large"])
def manifests(request) -> list[dict]:
    return render(request.param)


@pytest.fixture(scope="module")
def compose() -> dict:
    return compose_config(**HOSTILE_ENV)


def containers(manifests: list[dict]) -> list[tuple[str, dict]]:
    """Every container of every workload, with its owner's name."""
    workloads = [d for d in manifests if d["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")]
    found = []
    for workload in workloads:
        spec = workload["spec"]
        template = spec["jobTemplate"]["spec"]["template"] if workload["kind"] == "CronJob" else spec["template"]
        pod = template["spec"]
        found += [(workload["metadata"]["name"], c) for c in pod.get("initContainers", []) + pod["containers"]]
    return found


def environment(manifests: list[dict], container: dict) -> dict[str, object]:
    """A container's variables: its ConfigMaps' values, then its own (literal values or references)."""
    config_maps = {c["metadata"]["name"]: c.get("data", {}) for c in of_kind(manifests, "ConfigMap")}
    variables: dict[str, object] = {}
    for source in container.get("envFrom", []):
        assert "configMapRef" in source, "variables come from ConfigMaps, or from one secret key at a time"
        variables.update(config_maps[source["configMapRef"]["name"]])
    for variable in container.get("env", []):
        variables[variable["name"]] = variable.get("value", variable.get("valueFrom"))
    return variables


def deployment(manifests: list[dict], name: str) -> dict:
    [found] = [d for d in of_kind(manifests, "Deployment") if d["metadata"]["name"] == name]
    return found


def test_no_container_in_kubernetes_can_accept_demo_tokens_or_stop_its_clock(manifests):
    checked = containers(manifests)
    assert {owner for owner, _ in checked} >= {*SERVICES, "keycloak", "proxy"}
    for owner, container in checked:
        variables = environment(manifests, container)
        assert not NEVER_DEPLOYED & set(variables), (owner, NEVER_DEPLOYED & set(variables))
        if "PASSERELLE_SERVED_OVER_HTTPS" in variables or owner in SERVICES:
            assert variables["PASSERELLE_SERVED_OVER_HTTPS"] == "true", owner
    secrets = {
        volume["secret"]["secretName"]
        for d in of_kind(manifests, "Deployment")
        for volume in d["spec"]["template"]["spec"].get("volumes", [])
        if "secret" in volume
    }
    assert "passerelle-jwt" not in secrets  # the former static public key


def test_no_compose_service_can_accept_demo_tokens_whatever_its_environment_says(compose):
    assert {*SERVICES, "keycloak"} <= set(compose["services"])
    for name, service in compose["services"].items():
        variables = service.get("environment") or {}
        assert not NEVER_DEPLOYED & set(variables), (name, NEVER_DEPLOYED & set(variables))
        if name in SERVICES:
            assert variables["PASSERELLE_SERVED_OVER_HTTPS"] == "true", name
        assert not service.get("secrets"), name
    assert "secrets" not in compose  # the former jwt_public_key


def test_each_kubernetes_service_trusts_the_realm_and_signs_in_as_its_own_client(manifests):
    keycloak = environment(manifests, deployment(manifests, "keycloak")["spec"]["template"]["spec"]["containers"][0])
    issuer = f"{keycloak['KC_HOSTNAME']}/realms/passerelle"
    for name in SERVICES:
        [container] = deployment(manifests, name)["spec"]["template"]["spec"]["containers"]
        variables = environment(manifests, container)
        assert variables["PASSERELLE_OIDC_ISSUER"] == issuer, name
        assert variables["PASSERELLE_JWT_AUDIENCE"] == "passerelle"
        assert variables["PASSERELLE_OIDC_CLIENT_ID"] == f"passerelle-{name}"
        secret = variables["PASSERELLE_OIDC_CLIENT_SECRET"]
        assert secret == {"secretKeyRef": {"name": f"passerelle-oidc-{name}", "key": "client-secret"}}, name
        # Keycloak imports the client with the very same secret
        assert keycloak[f"PASSERELLE_OIDC_SECRET_{name.upper()}"] == secret


def test_each_compose_service_trusts_the_realm_and_takes_its_client_secret_from_the_environment(compose):
    written = yaml.safe_load((REPO / "deploy" / "compose" / "compose.yaml").read_text())
    issuer = f"{COMPOSE_ENV['KEYCLOAK_PUBLIC_URL']}/realms/passerelle"
    assert compose["services"]["keycloak"]["environment"]["KC_HOSTNAME"] == COMPOSE_ENV["KEYCLOAK_PUBLIC_URL"]
    for name in SERVICES:
        variables = compose["services"][name]["environment"]
        assert variables["PASSERELLE_OIDC_ISSUER"] == issuer
        assert variables["PASSERELLE_OIDC_CLIENT_ID"] == f"passerelle-{name}"
        assert variables["PASSERELLE_OIDC_CLIENT_SECRET"] == f"check-{name}"
        reference = written["services"][name]["environment"]["PASSERELLE_OIDC_CLIENT_SECRET"]
        assert re.fullmatch(r"\$\{PASSERELLE_OIDC_SECRET_[A-Z]+:\?[^}]+\}", reference), reference
        imported = written["services"]["keycloak"]["environment"][f"PASSERELLE_OIDC_SECRET_{name.upper()}"]
        assert imported.startswith(reference.split(":?")[0])


def test_keycloak_runs_in_production_mode_on_postgres_from_the_realm_file(manifests):
    pod = deployment(manifests, "keycloak")["spec"]["template"]["spec"]
    [container] = pod["containers"]
    variables = environment(manifests, container)
    assert container["image"] == "quay.io/keycloak/keycloak:26.4"
    assert container["args"][0] == "start" and "--import-realm" in container["args"]
    assert variables["KC_DB"] == "postgres" and variables["KC_HEALTH_ENABLED"] == "true"
    for name in ("KC_DB_URL", "KC_DB_USERNAME", "KC_DB_PASSWORD", "KC_BOOTSTRAP_ADMIN_PASSWORD"):
        assert "secretKeyRef" in variables[name], name
    for probe, path in (
        ("startupProbe", "/health/started"),
        ("livenessProbe", "/health/live"),
        ("readinessProbe", "/health/ready"),
    ):
        assert container[probe]["httpGet"] == {"path": path, "port": "management"}
    assert {"name": "management", "containerPort": 9000} in container["ports"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
    [mount] = [m for m in container["volumeMounts"] if m["mountPath"] == "/opt/keycloak/data/import"]
    [volume] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    [realm] = [c for c in of_kind(manifests, "ConfigMap") if c["metadata"]["name"] == volume["configMap"]["name"]]
    assert json.loads(realm["data"]["realm-passerelle.json"]) == json.loads(REALM_FILE.read_text())


def test_compose_runs_keycloak_in_production_mode_from_the_realm_file(compose):
    keycloak = compose["services"]["keycloak"]
    assert keycloak["image"] == "quay.io/keycloak/keycloak:26.4"
    assert keycloak["command"][0] == "start" and "--import-realm" in keycloak["command"]
    assert keycloak["environment"]["KC_DB"] == "postgres"
    assert f"{REALM_FILE}:/opt/keycloak/data/import/realm-passerelle.json:ro" in map(short, keycloak["volumes"])
    ports = [p if isinstance(p, str) else p["host_ip"] for p in keycloak["ports"]]
    assert ports and all(p.startswith("127.0.0.1") for p in ports)  # only the TLS front on the machine
    for name in SERVICES:
        assert compose["services"][name]["depends_on"]["keycloak"]["condition"] == "service_healthy"


def short(volume: str | dict) -> str:
    """A compose volume as docker-compose 1 writes it (compose 2 writes a mapping)."""
    if isinstance(volume, str):
        return volume
    return f"{volume['source']}:{volume['target']}" + (":ro" if volume.get("read_only") else "")


def test_the_public_hosts_of_the_pages_and_of_keycloak_agree(manifests):
    ingresses = {i["metadata"]["name"]: i["spec"] for i in of_kind(manifests, "Ingress")}
    [config] = [c["data"] for c in of_kind(manifests, "ConfigMap") if c["metadata"]["name"] == "passerelle-config"]
    [keycloak] = [c["data"] for c in of_kind(manifests, "ConfigMap") if c["metadata"]["name"] == "keycloak-config"]
    hosts = {name: [rule["host"] for rule in spec["rules"]] for name, spec in ingresses.items()}
    assert hosts["passerelle"] == [urlsplit(config["PASSERELLE_PUBLIC_ORIGIN"]).hostname]
    assert hosts["keycloak"] == [urlsplit(keycloak["KC_HOSTNAME"]).hostname]
    assert config["PASSERELLE_OIDC_ISSUER"] == f"{keycloak['KC_HOSTNAME']}/realms/passerelle"
    assert all(urlsplit(url).scheme == "https" for url in (config["PASSERELLE_PUBLIC_ORIGIN"], keycloak["KC_HOSTNAME"]))
    assert ingresses["keycloak"]["tls"][0]["hosts"] == hosts["keycloak"]


def test_only_the_realm_and_its_pages_resources_are_public(manifests):
    [ingress] = [i for i in of_kind(manifests, "Ingress") if i["metadata"]["name"] == "keycloak"]
    paths = {p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert paths == {"/realms/passerelle", "/resources"}  # not the master realm, not /admin


def test_keycloak_is_given_every_placeholder_of_the_realm_file(manifests, compose):
    """Keycloak fills the realm file's ${VARIABLE}s from its environment when it imports it."""
    placeholders = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)(?::[^}]*)?\}", REALM_FILE.read_text()))
    [container] = deployment(manifests, "keycloak")["spec"]["template"]["spec"]["containers"]
    assert placeholders <= set(environment(manifests, container))
    assert placeholders <= set(compose["services"]["keycloak"]["environment"])
