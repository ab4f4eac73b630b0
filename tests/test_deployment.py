"""The deployment in deploy/ checked without a Docker engine or a cluster: Kubernetes manifests
against the Kubernetes schemas, the compose file, the alert rules, the Dockerfiles, and every
setting the services read documented and present in compose and Kubernetes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from devstack import compose_secrets, compose_stack, kafka
from devstack import images as images_module
from devstack.kafka import credential_properties, security_properties, single_node_properties
from passerelle.contracts import grants
from passerelle.contracts.topics import ALL_TOPICS, config_of
from passerelle.messaging.grants_command import password_variable, strimzi_users
from passerelle.settings import ServiceSettings
from tests import strimzi_schemas

REPO = Path(__file__).resolve().parents[1]
STRIMZI_CRDS = REPO / "deploy" / "kubernetes" / "strimzi-crds" / "1.2.0"
KUSTOMIZE = REPO / ".cache" / "go" / "bin" / "kustomize"
KUBERNETES_VERSION = "1.33.0"
CUSTOM_KINDS = {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "ServiceMonitor"}
SERVICES = ("referral", "cases", "outreach", "reporting")
LOCAL_ONLY = {
    "PASSERELLE_DEV_TOKENS_KEY_FILE",  # demo tokens of local runs; never in a deployment
    "PASSERELLE_CLOCK_FROZEN_AT",  # a stopped clock, for tests
}
# only referral (seals) and cases (opens, destroys) hold tenant keys and reach the persons' keys
KEYED = {"PASSERELLE_TENANT_KEYS_DIR", "PASSERELLE_KEYSTORE_URL"}
SUBSCRIPTIONS = {"PASSERELLE_KAFKA_ADMIN_PASSWORD"}  # reporting's « Abonnés » page only
ACCOUNTS = {  # referral's Équipe page only
    "PASSERELLE_ACCOUNTS_CLIENT_ID",
    "PASSERELLE_ACCOUNTS_CLIENT_SECRET",
    "PASSERELLE_ACCOUNTS_ADMIN_URL",
}


# The environment compose files are checked with: every variable .env must set.
COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "check",
    "GRAFANA_ADMIN_PASSWORD": "check",
    "KEYCLOAK_ADMIN_PASSWORD": "check",
    "PASSERELLE_PUBLIC_ORIGIN": "https://passerelle.departement.example",
    "KEYCLOAK_PUBLIC_URL": "https://connexion.passerelle.departement.example",
    **{f"PASSERELLE_OIDC_SECRET_{name.upper()}": f"check-{name}" for name in SERVICES},
    "PASSERELLE_ACCOUNTS_CLIENT_SECRET": "check-accounts",
    **{compose_secrets.env_variable(name): f"check-kafka-{name}" for name in SERVICES},
}


def render(overlay: str) -> list[dict]:
    built = subprocess.run(
        [str(KUSTOMIZE), "build", str(REPO / "deploy" / "kubernetes" / "overlays" / overlay)],
        check=True,
        capture_output=True,
        text=True,
    )
    return [doc for doc in yaml.safe_load_all(built.stdout) if doc]


@pytest.fixture(scope="module", params=["small", "large"])
def manifests(request) -> list[dict]:
    return render(request.param)


def of_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d["kind"] == kind]


def test_every_kubernetes_manifest_validates_against_the_kubernetes_schemas(manifests):
    core = [d for d in manifests if d["kind"] not in CUSTOM_KINDS]
    assert len(core) > 30
    for doc in core:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_every_strimzi_resource_validates_against_the_strimzi_schemas(manifests):
    schemas = strimzi_schemas.validators(STRIMZI_CRDS, "v1")
    custom = [d for d in manifests if d["kind"] in CUSTOM_KINDS - {"ServiceMonitor"}]
    assert {d["kind"] for d in custom} == {kind for _, kind in schemas}
    for doc in custom:
        assert (doc["apiVersion"], doc["kind"]) in schemas, f"{doc['kind']} {doc['apiVersion']}: not served by Strimzi"
        problems = strimzi_schemas.errors(schemas[doc["apiVersion"], doc["kind"]], doc)
        assert not problems, f"{doc['kind']} {doc['metadata']['name']}: {problems}"


def test_the_strimzi_schemas_refuse_what_the_operator_would_not_take():
    schemas = strimzi_schemas.validators(STRIMZI_CRDS, "v1")
    user = grants.strimzi_user(grants.SERVICES["cases"])
    user["spec"]["authorization"]["acls"][0]["operation"] = "Read"  # v1beta2's singular, gone in v1
    assert strimzi_schemas.errors(schemas["kafka.strimzi.io/v1", "KafkaUser"], user)
    topic = {"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaTopic", "metadata": {"name": "t"}}
    assert strimzi_schemas.errors(
        schemas["kafka.strimzi.io/v1", "KafkaTopic"], {**topic, "spec": {"partitions": "six"}}
    )
    assert not strimzi_schemas.errors(
        schemas["kafka.strimzi.io/v1", "KafkaTopic"], {**topic, "spec": {"partitions": 6}}
    )


def test_one_kafka_version_in_local_runs_compose_and_strimzi(manifests):
    version = kafka.KAFKA_VERSION
    [resource] = of_kind(manifests, "Kafka")
    assert resource["spec"]["kafka"]["version"] == version
    assert resource["spec"]["kafka"]["metadataVersion"].startswith(version.rsplit(".", 1)[0] + "-IV")
    compose = yaml.safe_load((REPO / "deploy" / "compose" / "compose.yaml").read_text())
    assert compose["services"]["kafka"]["image"] == f"apache/kafka:{version}"
    supported = STRIMZI_CRDS.parent / "README.md"
    assert f"Kafka `{version}`" in supported.read_text()


def test_kafka_is_a_strimzi_cluster_of_three_brokers_replicating_three_times(manifests):
    [kafka] = of_kind(manifests, "Kafka")
    [pool] = of_kind(manifests, "KafkaNodePool")
    assert pool["spec"]["replicas"] == 3 and set(pool["spec"]["roles"]) == {"broker", "controller"}
    config = kafka["spec"]["kafka"]["config"]
    assert config["default.replication.factor"] == 3 and config["min.insync.replicas"] == 2
    topics = {t["spec"]["topicName"]: t["spec"] for t in of_kind(manifests, "KafkaTopic")}
    assert set(topics) == set(ALL_TOPICS)
    assert all(t["replicas"] == 3 and t["config"]["min.insync.replicas"] == 2 for t in topics.values())
    for name, spec in topics.items():  # the same retention and compaction as `passerelle topics create`
        assert {k: str(v) for k, v in spec["config"].items() if k != "min.insync.replicas"} == config_of(name), name


def test_every_service_has_probes_resources_autoscaling_and_a_disruption_budget(manifests):
    deployments = {d["metadata"]["name"]: d for d in of_kind(manifests, "Deployment")}
    assert set(deployments) == {*SERVICES, "proxy", "keycloak"}
    scaled = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(manifests, "HorizontalPodAutoscaler")}
    budgeted = {p["metadata"]["name"] for p in of_kind(manifests, "PodDisruptionBudget")}
    assert scaled == {*SERVICES, "proxy"}  # Keycloak's replicas are set, not scaled on CPU
    assert budgeted == set(deployments)
    [proxy] = deployments["proxy"]["spec"]["template"]["spec"]["containers"]
    assert proxy["securityContext"]["readOnlyRootFilesystem"] is True
    assert {"name": "tmp", "mountPath": "/tmp"} in proxy["volumeMounts"]
    for name in SERVICES:
        [container] = deployments[name]["spec"]["template"]["spec"]["containers"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
    migrations = {j["metadata"]["name"] for j in of_kind(manifests, "Job")}
    assert migrations == {f"{name}-migrate" for name in SERVICES} | {"keystore-migrate"}


def test_secrets_are_referenced_never_inlined(manifests):
    assert of_kind(manifests, "Secret") == []
    text = yaml.safe_dump_all(manifests)
    assert "BEGIN" not in text
    for config in of_kind(manifests, "ConfigMap"):
        assert not [key for key in config["data"] if re.search("PASSWORD|SECRET", key)], config["metadata"]["name"]
    credentials = [
        e
        for d in of_kind(manifests, "Deployment") + of_kind(manifests, "Job")
        for c in d["spec"]["template"]["spec"]["containers"]
        for e in c.get("env", [])
        if re.search("PASSWORD|SECRET|DATABASE_URL|DB_URL|KEYSTORE_URL", e["name"])
    ]
    assert len(credentials) > 10 and all("secretKeyRef" in e["valueFrom"] for e in credentials)
    urls = [
        e
        for d in of_kind(manifests, "Deployment")
        for c in d["spec"]["template"]["spec"]["containers"]
        for e in c.get("env", [])
        if e["name"] == "PASSERELLE_DATABASE_URL"
    ]
    assert len(urls) == 4 and all("secretKeyRef" in e["valueFrom"] for e in urls)


def test_network_policies_deny_by_default(manifests):
    policies = {p["metadata"]["name"]: p["spec"] for p in of_kind(manifests, "NetworkPolicy")}
    assert policies["default-deny"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert {"dns", "proxy", "services", "migrations", "keycloak", "services-identity"} <= set(policies)


def test_the_overlays_size_the_platform_differently():
    small, large = render("small"), render("large")

    def sizes(docs):
        hpa = {h["metadata"]["name"]: h["spec"]["maxReplicas"] for h in of_kind(docs, "HorizontalPodAutoscaler")}
        partitions = {t["spec"]["partitions"] for t in of_kind(docs, "KafkaTopic")}
        return hpa["referral"], partitions

    assert sizes(small) == (2, {3})
    assert sizes(large) == (12, {12})  # never more consumers than partitions


@pytest.mark.parametrize("files", [("compose.yaml",), ("compose.yaml", "compose.host.yaml")])
def test_the_compose_files_are_valid_for_compose_v2(files):
    """The département's file alone, and with the host-network override `bin/run --containers` adds."""
    env = {**os.environ, **COMPOSE_ENV}
    paths = [a for name in files for a in ("-f", str(REPO / "deploy" / "compose" / name))]
    answer = subprocess.run(
        [str(compose_stack.BINARY), *paths, "config", "-q"], env=env, capture_output=True, text=True
    )
    assert answer.returncode == 0, answer.stderr


def test_on_the_hosts_network_every_container_binds_the_loopback_and_the_third_party_images_can_be_replaced():
    env = {**os.environ, **COMPOSE_ENV, "PASSERELLE_KAFKA_IMAGE": "standin/kafka:1"}
    files = [a for name in compose_stack.FILES for a in ("-f", str(name))]
    rendered = subprocess.run([str(compose_stack.BINARY), *files, "config", "--format", "json"], env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
    services = json.loads(rendered.stdout)["services"]
    assert services["kafka"]["image"] == "standin/kafka:1" and services["postgres"]["image"] == "postgres:17"
    for name, service in services.items():
        assert service["network_mode"] == "host" and not service.get("networks") and not service.get("ports"), name
    assert services["kafka"]["environment"]["KAFKA_LISTENERS"].count("127.0.0.1") == 2
    assert "listen_addresses=127.0.0.1" in services["postgres"]["command"]
    assert services["keycloak"]["environment"]["KC_HTTP_HOST"] == "127.0.0.1"
    assert services["proxy"]["environment"]["LISTEN"].startswith("127.0.0.1:")
    for name, port in compose_stack.SERVICE_PORTS.items():
        assert services[name]["environment"]["HOST"] == "127.0.0.1" and services[name]["environment"]["PORT"] == str(
            port
        )
        assert services["proxy"]["environment"][f"{name.upper()}_UPSTREAM"] == f"127.0.0.1:{port}"
    assert "prometheus" not in services and "grafana" not in services  # no stand-in: `--profile monitoring`
    for name in (*compose_stack.SERVICE_PORTS, "proxy"):
        assert services[name]["read_only"] and services[name]["tmpfs"] == ["/tmp"], name


def test_the_alert_rules_pass_promtool():
    answer = subprocess.run(
        ["promtool", "check", "rules", str(REPO / "deploy/kubernetes/base/monitoring/alerts.yml")],
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stdout + answer.stderr
    rules = yaml.safe_load((REPO / "deploy/kubernetes/base/monitoring/alerts.yml").read_text())["groups"][0]["rules"]
    assert f"SUCCESS: {len(rules)} rules found" in answer.stdout


def test_the_alert_rules_fire_when_their_unit_tests_say():
    """A consumer stuck on one event (an outage) is alerted on; one dead-lettering events in turn is not."""
    answer = subprocess.run(
        ["promtool", "test", "rules", str(REPO / "deploy/kubernetes/base/monitoring/alerts-test.yml")],
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stdout + answer.stderr


@pytest.mark.parametrize(
    "dockerfile",
    [
        "services/Dockerfile",
        "deploy/nginx/Dockerfile",
        "deploy/images/python.Dockerfile",
        "deploy/images/node.Dockerfile",
        "deploy/images/nginx.Dockerfile",
        "deploy/images/kafka.Dockerfile",
        "deploy/images/postgres.Dockerfile",
        "deploy/images/keycloak.Dockerfile",
    ],
)
def test_the_dockerfiles_pass_hadolint(dockerfile):
    hadolint = Path(shutil.which("hadolint") or REPO / ".venv" / "bin" / "hadolint")
    answer = subprocess.run([str(hadolint), str(REPO / dockerfile)], capture_output=True, text=True)
    assert answer.returncode == 0, answer.stdout


def images_run(docs) -> set[str]:
    """Every image a pod of these manifests runs, however deep in the document."""
    if isinstance(docs, dict):
        found = {docs["image"]} if isinstance(docs.get("image"), str) else set()
        return found | {image for value in docs.values() for image in images_run(value)}
    if isinstance(docs, list):
        return {image for value in docs for image in images_run(value)}
    return set()


def test_every_image_kubernetes_runs_is_one_bin_images_builds_or_a_pinned_one(manifests):
    images = images_run(manifests)
    built = {images_module.image_name(name) for name in images_module.IMAGES}
    ours = {image for image in images if image.startswith("passerelle/")}
    assert ours == built  # the services' and the proxy's images, at the version bin/images tags them with
    for image in images - ours:
        assert re.search(r":\d[\w.-]*$", image), f"{image}: a third-party image is pinned to a version"


def test_service_images_run_as_a_non_root_user_with_a_readiness_healthcheck():
    """One Dockerfile for the four services (the container tier builds and runs them: tests/containers)."""
    dockerfile = (REPO / "services" / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") >= 2  # multi-stage
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in dockerfile and "USER 10001" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/readyz" in dockerfile
    assert not list(REPO.glob("services/*/Dockerfile"))


def settings_variables() -> set[str]:
    return {f"PASSERELLE_{name.upper()}" for name in ServiceSettings.model_fields}


def test_every_setting_is_documented_in_one_place():
    documented = set(re.findall(r"`(PASSERELLE_[A-Z_]+)`", (REPO / "docs" / "configuration.md").read_text()))
    assert settings_variables() <= documented
    assert documented <= settings_variables(), "documented variables that no service reads"


def test_every_setting_is_present_in_compose_and_kubernetes():
    wanted = settings_variables() - LOCAL_ONLY
    compose = yaml.safe_load((REPO / "deploy" / "compose" / "compose.yaml").read_text())
    manifests = render("small")
    config = of_kind(manifests, "ConfigMap")
    shared = {key for c in config if c["metadata"]["name"].startswith("passerelle-config") for key in c["data"]}
    for name in SERVICES:
        in_compose = set(compose["services"][name]["environment"])
        [deployment] = [d for d in of_kind(manifests, "Deployment") if d["metadata"]["name"] == name]
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        in_kubernetes = shared | {e["name"] for e in container["env"]}
        expected = wanted if name in ("referral", "cases") else wanted - KEYED
        expected = expected if name == "referral" else expected - ACCOUNTS
        expected = expected if name == "reporting" else expected - SUBSCRIPTIONS
        assert expected <= in_compose, (name, expected - in_compose)
        assert expected <= in_kubernetes, (name, expected - in_kubernetes)


# The key store of the persons' keys (passerelle.keystore): a database of its own, migrated by a step of
# its own, that referral and cases reach and outreach and reporting never do (they hold no one's key).
KEYSTORE_SECRET = {"secretKeyRef": {"name": "passerelle-db-keystore", "key": "url"}}


def test_only_referral_and_cases_reach_the_key_store_in_kubernetes_after_its_migration_job(manifests):
    for name in SERVICES:
        [container] = deployment_of(manifests, name)["spec"]["template"]["spec"]["containers"]
        env = {e["name"]: e for e in container["env"]}
        if name in ("referral", "cases"):
            assert env["PASSERELLE_KEYSTORE_URL"]["valueFrom"] == KEYSTORE_SECRET, name
        else:
            assert "PASSERELLE_KEYSTORE_URL" not in env, name
    [job] = [j for j in of_kind(manifests, "Job") if j["metadata"]["name"] == "keystore-migrate"]
    pod = job["spec"]["template"]
    [container] = pod["spec"]["containers"]
    assert container["command"] == ["python", "-m", "passerelle.migrations", "keystore"]
    assert {e["name"]: e["valueFrom"] for e in container["env"]} == {"PASSERELLE_DATABASE_URL": KEYSTORE_SECRET}
    assert job["metadata"]["labels"]["passerelle.io/step"] == "migrate"  # deleted with the others before an upgrade
    # the network policy of the migrations lets it reach the databases
    [migrations] = [p["spec"] for p in of_kind(manifests, "NetworkPolicy") if p["metadata"]["name"] == "migrations"]
    assert migrations["podSelector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()


def test_only_referral_and_cases_reach_the_key_store_in_compose_after_its_migration():
    compose = compose_config()["services"]
    migrate = compose["keystore-migrate"]
    assert migrate["command"] == ["python", "-m", "passerelle.migrations", "keystore"]
    url = migrate["environment"]["PASSERELLE_DATABASE_URL"]
    assert url == "postgresql+asyncpg://passerelle:check@postgres:5432/keystore"
    assert migrate["restart"] == "no" and migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in SERVICES:
        variables = compose[name]["environment"]
        if name in ("referral", "cases"):
            assert variables["PASSERELLE_KEYSTORE_URL"] == url, name
            assert compose[name]["depends_on"]["keystore-migrate"]["condition"] == "service_completed_successfully"
        else:
            assert "PASSERELLE_KEYSTORE_URL" not in variables, name
            assert "keystore-migrate" not in compose[name]["depends_on"], name
    init = (REPO / "deploy" / "compose" / "postgres-init.sql").read_text()
    assert re.search(r"^CREATE DATABASE keystore;", init, re.MULTILINE)


def deployment_of(manifests: list[dict], name: str) -> dict:
    [found] = [d for d in of_kind(manifests, "Deployment") if d["metadata"]["name"] == name]
    return found


# The broker's rights: one principal per service with exactly the ACLs of passerelle.contracts.grants,
# TLS and SCRAM-SHA-512 the only way in, in Kubernetes (Strimzi) and in compose.


def test_the_kafka_users_are_the_grants_regenerated():
    """users.yaml is `passerelle grants strimzi`: edit grants.py, then regenerate it."""
    committed = (REPO / "deploy" / "kubernetes" / "base" / "kafka" / "users.yaml").read_text()
    assert committed == strimzi_users(), (
        "regenerate: passerelle grants strimzi > deploy/kubernetes/base/kafka/users.yaml"
    )


def test_every_principal_is_a_kafka_user_and_only_the_admin_is_above_the_acls(manifests):
    users = {u["metadata"]["name"]: u["spec"] for u in of_kind(manifests, "KafkaUser")}
    assert set(users) == {grant.principal for grant in grants.SERVICES.values()} | {grants.ADMIN}
    assert all(spec["authentication"] == {"type": "scram-sha-512"} for spec in users.values())
    for grant in grants.SERVICES.values():
        assert users[grant.principal] == grants.strimzi_user(grant)["spec"], grant.principal
    [kafka] = of_kind(manifests, "Kafka")
    assert kafka["spec"]["kafka"]["authorization"] == {"type": "simple", "superUsers": [grants.ADMIN]}
    assert kafka["spec"]["kafka"]["config"]["allow.everyone.if.no.acl.found"] is False


def test_no_kafka_listener_takes_a_client_without_tls_and_scram(manifests):
    [kafka] = of_kind(manifests, "Kafka")
    listeners = kafka["spec"]["kafka"]["listeners"]
    assert listeners
    for listener in listeners:
        assert listener["tls"] is True and listener["authentication"] == {"type": "scram-sha-512"}, listener["name"]
    ports = {listener["port"] for listener in listeners}
    [config] = [c["data"] for c in of_kind(manifests, "ConfigMap") if c["metadata"]["name"] == "passerelle-config"]
    assert {int(address.rsplit(":", 1)[1]) for address in config["PASSERELLE_KAFKA_BOOTSTRAP"].split(",")} <= ports
    [services] = [p["spec"] for p in of_kind(manifests, "NetworkPolicy") if p["metadata"]["name"] == "services"]
    [to_kafka] = [
        e
        for e in services["egress"]
        if e["to"][0].get("podSelector", {}).get("matchLabels", {}).get("strimzi.io/cluster") == "passerelle"
    ]
    assert {port["port"] for port in to_kafka["ports"]} == ports


def test_each_kubernetes_service_signs_in_to_kafka_as_its_own_principal_and_trusts_the_cluster_ca(manifests):
    [config] = [c["data"] for c in of_kind(manifests, "ConfigMap") if c["metadata"]["name"] == "passerelle-config"]
    ca_file = Path(config["PASSERELLE_KAFKA_CA_FILE"])
    for name, grant in grants.SERVICES.items():
        [deployment] = [d for d in of_kind(manifests, "Deployment") if d["metadata"]["name"] == name]
        pod = deployment["spec"]["template"]["spec"]
        [container] = pod["containers"]
        env = {e["name"]: e for e in container["env"]}
        assert env["PASSERELLE_KAFKA_USERNAME"]["value"] == grant.principal, name
        # the Secret Strimzi's User Operator makes for that KafkaUser
        secret = {"secretKeyRef": {"name": grant.principal, "key": "password"}}
        assert env["PASSERELLE_KAFKA_PASSWORD"]["valueFrom"] == secret, name
        [mount] = [m for m in container["volumeMounts"] if m["mountPath"] == str(ca_file.parent)]
        [volume] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
        assert mount["readOnly"] is True
        assert volume["secret"]["secretName"] == "passerelle-cluster-ca-cert", name
        assert volume["secret"]["items"] == [{"key": "ca.crt", "path": ca_file.name}], name


def compose_config(**env: str) -> dict:
    """The compose file as Compose (built by bin/bootstrap) reads it, with .env's variables (and `env`) set."""
    rendered = subprocess.run(
        [
            str(compose_stack.BINARY),
            "-f",
            str(REPO / "deploy" / "compose" / "compose.yaml"),
            "config",
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **COMPOSE_ENV, **env},
    )
    return yaml.safe_load(rendered.stdout)


def mounts(service: dict) -> dict[str, tuple[str, bool]]:
    """A compose service's volumes, by their path in the container: (source, read-only)."""
    found = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):  # docker-compose 1 writes source:target[:ro]
            source, target, *mode = volume.split(":")
            found[target] = (source, mode == ["ro"])
        else:
            found[volume["target"]] = (volume["source"], bool(volume.get("read_only")))
    return found


def test_each_compose_service_signs_in_to_kafka_as_its_own_principal_with_the_password_the_broker_was_given():
    compose = compose_config()["services"]
    setup = compose["kafka-setup"]["environment"]
    assert setup["PASSERELLE_KAFKA_USERNAME"] == grants.ADMIN
    ca_folder = str(REPO / "deploy" / "compose" / "secrets" / "kafka-ca")
    for name, grant in grants.SERVICES.items():
        variables = compose[name]["environment"]
        assert variables["PASSERELLE_KAFKA_USERNAME"] == grant.principal, name
        assert variables["PASSERELLE_KAFKA_PASSWORD"] == COMPOSE_ENV[compose_secrets.env_variable(name)], name
        assert setup[password_variable(name)] == variables["PASSERELLE_KAFKA_PASSWORD"], name
        ca_file = Path(variables["PASSERELLE_KAFKA_CA_FILE"])
        assert mounts(compose[name])[str(ca_file.parent)] == (ca_folder, True), name
        assert compose[name]["depends_on"]["kafka-setup"]["condition"] == "service_completed_successfully"
    assert "passerelle grants apply" in " ".join(compose["kafka-setup"]["command"])


def properties(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_the_compose_broker_is_secured_as_the_local_one():
    compose = compose_config()["services"]["kafka"]
    folder = REPO / "deploy" / "compose" / "kafka"
    config = properties(folder / "server.properties")
    protocols = dict(pair.split(":") for pair in config["listener.security.protocol.map"].split(","))
    assert "PLAINTEXT" not in config["listener.security.protocol.map"]
    listeners = [listener.split("://")[0] for listener in config["listeners"].split(",")]
    assert listeners and all(protocols[name] == "SASL_SSL" for name in listeners)
    secured = security_properties(keystore=config["ssl.keystore.location"], ca=config["ssl.truststore.location"])
    assert {key: config.get(key) for key in secured} == secured
    assert single_node_properties().items() <= config.items()
    # the secrets are not in the repository, but in the file bin/compose-secrets makes beside the CA
    assert not set(credential_properties(keystore_password="", admin_password="")) & set(config)
    secrets = mounts(compose)[str(compose_secrets.IN_BROKER)]
    assert secrets == (str(REPO / "deploy" / "compose" / "secrets" / "kafka"), True)
    assert Path(config["ssl.keystore.location"]).parent == compose_secrets.IN_BROKER
    assert mounts(compose)["/opt/passerelle/kafka"] == (str(folder), True)
    assert compose["entrypoint"] == ["/bin/sh", "/opt/passerelle/kafka/start.sh"]
    assert "--command-config" in " ".join(compose["healthcheck"]["test"])  # it signs in too


def test_compose_secrets_are_made_once_and_kept(tmp_path):
    compose = tmp_path / "compose"
    compose.mkdir()
    (compose / ".env").write_text(
        "POSTGRES_PASSWORD=kept\nKAFKA_PASSWORD_REFERRAL=\nKAFKA_PASSWORD_CASES=set-by-hand\n"
    )
    made = compose_secrets.make(compose)
    assert "the CA and the broker's keystore" in made and "the admin's password" in made
    env = dict(line.split("=", 1) for line in (compose / ".env").read_text().splitlines())
    assert env["POSTGRES_PASSWORD"] == "kept" and env["KAFKA_PASSWORD_CASES"] == "set-by-hand"
    assert all(len(env[compose_secrets.env_variable(name)]) >= 24 for name in SERVICES if name != "cases")
    kafka = compose / "secrets" / "kafka"
    files = {path.name: path.read_bytes() for path in kafka.iterdir()}
    assert {"ca.pem", "broker.p12", "broker.p12.password", "admin.password", "cluster.id"} <= set(files)
    admin = files["admin.password"].decode()
    assert f'password="{admin}"' in files["credentials.properties"].decode()
    assert f'password="{admin}"' in files["admin-client.properties"].decode()
    assert (compose / "secrets" / "kafka-ca" / "ca.pem").read_bytes() == files["ca.pem"]
    assert (compose / "secrets").stat().st_mode & 0o077 == 0  # the host user's alone
    assert compose_secrets.make(compose) == []
    assert {path.name: path.read_bytes() for path in kafka.iterdir()} == files
    assert dict(line.split("=", 1) for line in (compose / ".env").read_text().splitlines()) == env


def test_the_architecture_page_shows_the_brokers_rights_as_the_grants_say():
    page = (REPO / "docs" / "architecture.md").read_text()
    table = page.split("<!-- grants:begin -->\n", 1)[1].split("<!-- grants:end -->", 1)[0]
    assert table.strip() == grants.markdown_table().strip(), "regenerate it: passerelle grants markdown"
