"""`bin/images`: the platform's images, built on a real Docker engine (devstack.docker_engine).

The Dockerfiles name the official base images (python:3.11-slim, node:20-slim), which a département
pulls. Where they cannot be pulled (these machines reach no public registry), their stand-ins are
built from Debian first: a minimal Debian 12 root filesystem made by `debootstrap` and imported once,
then Python, Node.js, nginx, Java or PostgreSQL installed on top (deploy/images/*.Dockerfile). Compose's
third-party images get theirs too: Kafka from the jars local runs use, PostgreSQL from Debian, Keycloak
from the distribution local runs use. An official image present on the engine is always preferred.
Docker's build cache makes a second build of the same tree quick.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from devstack import kafka, keycloak
from devstack.docker_engine import HOME, REPO, cli, engine

SERVICES = ("referral", "cases", "outreach", "reporting")
IMAGES = (*SERVICES, "proxy")  # the proxy: deploy/nginx/Dockerfile
DEBIAN = "passerelle-standin/debian:bookworm"
ROOTFS = HOME.parent / "images" / "rootfs-bookworm"
RECIPE = "org.passerelle.standin.recipe"  # the label that tells a stand-in's recipe
LOCAL_AUTHORITIES = Path("/usr/local/share/ca-certificates")  # Debian's place for a machine's own CAs


@dataclass(frozen=True)
class Standin:
    """An official image, and where its stand-in comes from; `argument`: the build argument naming it."""

    official: str
    name: str
    dockerfile: str
    argument: str | None = None  # None: compose runs it as it is

    def context(self) -> Path:
        """Its build context: this machine's own CAs, deploy/images' files, and what it ships of ours."""
        context = HOME.parent / "images" / "context" / self.name.split("/")[-1].split(":")[0]
        shutil.rmtree(context, ignore_errors=True)
        (context / "ca-certificates").mkdir(parents=True)
        for authority in LOCAL_AUTHORITIES.glob("*.crt"):
            shutil.copy(authority, context / "ca-certificates" / authority.name)
        for file in (REPO / "deploy" / "images").iterdir():
            if not file.name.endswith(".Dockerfile"):
                shutil.copy(file, context / file.name)
        for name, source in self.shipped().items():
            shutil.copytree(source, context / name, symlinks=True)
        return context

    def recipe(self) -> str:
        """What its content depends on: deploy/images' files and the versions of what it ships."""
        digest = hashlib.sha256()
        for file in sorted((REPO / "deploy" / "images").iterdir()):
            if file.suffix != ".Dockerfile" or file == REPO / self.dockerfile:
                digest.update(file.name.encode() + file.read_bytes())
        digest.update(
            " ".join(f"{name}={source.name}:{versions(source)}" for name, source in self.shipped().items()).encode()
        )
        return digest.hexdigest()[:16]

    def shipped(self) -> dict[str, Path]:
        """The directories of this machine the stand-in is made of: the jars and Java of local runs."""
        if self.official.startswith("apache/kafka:"):
            return {"kafka-libs": kafka.fetch_jars()}
        if self.official.startswith("quay.io/keycloak/"):
            return {"keycloak": keycloak.fetch_distribution(), "java": Path(keycloak.java_home())}
        return {}


STANDINS = (
    Standin(
        "python:3.11-slim", "passerelle-standin/python:3.11-slim", "deploy/images/python.Dockerfile", "PYTHON_IMAGE"
    ),
    Standin("node:20-slim", "passerelle-standin/node:20-slim", "deploy/images/node.Dockerfile", "NODE_IMAGE"),
    Standin(
        "nginxinc/nginx-unprivileged:1.27-alpine",
        "passerelle-standin/nginx-unprivileged:1.27",
        "deploy/images/nginx.Dockerfile",
        "NGINX_IMAGE",
    ),
    # what compose runs beside our images (deploy/compose/compose.yaml names the official ones)
    Standin(
        f"apache/kafka:{kafka.KAFKA_VERSION}",
        f"passerelle-standin/kafka:{kafka.KAFKA_VERSION}",
        "deploy/images/kafka.Dockerfile",
    ),
    Standin("postgres:17", "passerelle-standin/postgres:17", "deploy/images/postgres.Dockerfile"),
    Standin(
        "quay.io/keycloak/keycloak:26.4",
        f"passerelle-standin/keycloak:{keycloak.VERSION}",
        "deploy/images/keycloak.Dockerfile",
    ),
)


@dataclass(frozen=True)
class Engine:
    host: str

    def run(self, *args: str, stdin=None, capture: bool = False) -> str:
        env = {**os.environ, "DOCKER_HOST": self.host, "DOCKER_BUILDKIT": "1"}
        done = subprocess.run([cli(), *args], env=env, stdin=stdin, check=False, text=True, capture_output=capture)
        if done.returncode:
            raise RuntimeError(f"docker {' '.join(args[:3])}… failed ({done.returncode}): {done.stderr or ''}")
        return done.stdout or ""

    def has(self, image: str) -> bool:
        env = {**os.environ, "DOCKER_HOST": self.host}
        return subprocess.run([cli(), "image", "inspect", image], env=env, capture_output=True).returncode == 0

    def label(self, image: str, name: str) -> str:
        return self.run(
            "image", "inspect", "--format", f'{{{{index .Config.Labels "{name}"}}}}', image, capture=True
        ).strip()

    def size(self, image: str) -> int:
        return int(self.run("image", "inspect", "--format", "{{.Size}}", image, capture=True))


def versions(folder: Path) -> str:
    """The names of a shipped folder's files (jars carry their version in their name) and its Java's release."""
    release = folder / "release"
    return ",".join(sorted(f.name for f in folder.iterdir())) + (release.read_text() if release.exists() else "")


def debian_base(docker: Engine) -> str:
    """Debian 12, minimal, from Debian's own archive: the root of every stand-in."""
    if not docker.has(DEBIAN):
        if not (ROOTFS / "etc" / "debian_version").exists():
            print("Building a Debian 12 root filesystem (debootstrap, a few minutes, once)…", flush=True)
            ROOTFS.parent.mkdir(parents=True, exist_ok=True)
            debootstrap = ["debootstrap", "--variant=minbase", "bookworm", str(ROOTFS)]
            subprocess.run(debootstrap, check=True, capture_output=True)
        tar = subprocess.Popen(["tar", "-C", str(ROOTFS), "-c", "."], stdout=subprocess.PIPE)
        docker.run("import", "-", DEBIAN, stdin=tar.stdout, capture=True)
        tar.wait()
    return DEBIAN


def available(docker: Engine, standin: Standin) -> str:
    """The official image if the engine has it, else its stand-in, built again when its recipe changed."""
    if docker.has(standin.official):
        return standin.official
    recipe = standin.recipe()
    if not docker.has(standin.name) or docker.label(standin.name, RECIPE) != recipe:
        print(f"Building {standin.name}, a stand-in for {standin.official}…", flush=True)
        docker.run(
            "build", "--network", "host", "--build-arg", f"DEBIAN_IMAGE={debian_base(docker)}",
            "--label", f"{RECIPE}={recipe}", "-f", str(REPO / standin.dockerfile), "-t", standin.name,
            str(standin.context()), capture=True,
        )  # fmt: skip
    return standin.name


def base_images(docker: Engine) -> dict[str, str]:
    """The build arguments naming each base image of our Dockerfiles."""
    return {s.argument: available(docker, s) for s in STANDINS if s.argument}


def compose_images(docker: Engine) -> dict[str, str]:
    """{official image compose names: the image to run here} for the third-party images compose runs."""
    return {s.official: available(docker, s) for s in STANDINS if not s.argument}


def revision() -> str:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return f"{head or 'unknown'}{'-dirty' if dirty else ''}"


def image_name(service: str) -> str:
    return f"passerelle/{service}:{version('passerelle')}"


def build_images(docker: Engine, names: tuple[str, ...] = IMAGES) -> list[str]:
    """The services' images and the proxy's, tagged with the project's version and `latest`."""
    bases = [arg for name, image in base_images(docker).items() for arg in ("--build-arg", f"{name}={image}")]
    source = subprocess.run(["git", "remote", "get-url", "origin"], cwd=REPO, capture_output=True, text=True)
    labels = [f"VERSION={version('passerelle')}", f"REVISION={revision()}", f"SOURCE={source.stdout.strip() or REPO}"]
    built = []
    for name in names:
        print(f"Building {image_name(name)}…", flush=True)
        dockerfile = "deploy/nginx/Dockerfile" if name == "proxy" else "services/Dockerfile"
        docker.run(
            "build", "--network", "host", "-f", str(REPO / dockerfile), *bases,
            "--build-arg", f"SERVICE={name}", *(a for label in labels for a in ("--build-arg", label)),
            "-t", image_name(name), "-t", f"passerelle/{name}:latest", str(REPO), capture=True,
        )  # fmt: skip
        built.append(image_name(name))
    return built


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bin/images", description=__doc__)
    parser.add_argument("images", nargs="*", help=f"among {', '.join(IMAGES)} (all, and compose's others, by default)")
    args = parser.parse_args(argv)
    if unknown := set(args.images) - set(IMAGES):
        parser.error(f"no such image: {', '.join(sorted(unknown))}; the images are {', '.join(IMAGES)}")
    docker = Engine(engine())
    built = build_images(docker, tuple(args.images) or IMAGES)
    others = [] if args.images else sorted(set(compose_images(docker).values()))
    print(f"\nOn the engine at {docker.host}:")
    for image in (*built, *others):
        print(f"  {image:40} {docker.size(image) / 1e6:7.0f} MB")
    print("The four services' images share every layer but their last: on a registry they weigh one.")


if __name__ == "__main__":
    main()
