"""`bin/images`: the platform's images, built on a real Docker engine (devstack.docker_engine).

The Dockerfiles name the official base images (python:3.11-slim, node:20-slim), which a département
pulls. Where they cannot be pulled (these machines reach no public registry), their stand-ins are
built from Debian first: a minimal Debian 12 root filesystem made by `debootstrap` and imported once,
then Python or Node.js installed on top (deploy/images/*.Dockerfile). An official image present on
the engine is always preferred. Docker's build cache makes a second build of the same tree quick.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from devstack.docker_engine import HOME, REPO, cli, engine

SERVICES = ("referral", "cases", "outreach", "reporting")
IMAGES = (*SERVICES, "proxy")  # the proxy: deploy/nginx/Dockerfile
DEBIAN = "passerelle-standin/debian:bookworm"
ROOTFS = HOME.parent / "images" / "rootfs-bookworm"
LOCAL_AUTHORITIES = Path("/usr/local/share/ca-certificates")  # Debian's place for a machine's own CAs
# Each official base, and its stand-in's Dockerfile.
STANDINS = {
    "PYTHON_IMAGE": ("python:3.11-slim", "passerelle-standin/python:3.11-slim", "deploy/images/python.Dockerfile"),
    "NODE_IMAGE": ("node:20-slim", "passerelle-standin/node:20-slim", "deploy/images/node.Dockerfile"),
    "NGINX_IMAGE": (
        "nginxinc/nginx-unprivileged:1.27-alpine",
        "passerelle-standin/nginx-unprivileged:1.27",
        "deploy/images/nginx.Dockerfile",
    ),
}


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

    def size(self, image: str) -> int:
        return int(self.run("image", "inspect", "--format", "{{.Size}}", image, capture=True))


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


def standin_context() -> Path:
    """The stand-ins' build context: the certificate authorities this machine trusts beyond Debian's."""
    context = HOME.parent / "images" / "context"
    shutil.rmtree(context, ignore_errors=True)
    (context / "ca-certificates").mkdir(parents=True)
    for authority in LOCAL_AUTHORITIES.glob("*.crt"):
        shutil.copy(authority, context / "ca-certificates" / authority.name)
    for script in (REPO / "deploy" / "images").glob("*.sh"):
        shutil.copy(script, context / script.name)
    return context


def base_images(docker: Engine) -> dict[str, str]:
    """The build arguments naming each base image: the official one if the engine has it, else its stand-in."""
    chosen = {}
    for argument, (official, standin, dockerfile) in STANDINS.items():
        if docker.has(official):
            chosen[argument] = official
            continue
        if not docker.has(standin):
            print(f"Building {standin}, a stand-in for {official}…", flush=True)
            docker.run(
                "build", "--network", "host", "--build-arg", f"DEBIAN_IMAGE={debian_base(docker)}",
                "-f", str(REPO / dockerfile), "-t", standin, str(standin_context()), capture=True,
            )  # fmt: skip
        chosen[argument] = standin
    return chosen


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
    parser.add_argument("images", nargs="*", help=f"among {', '.join(IMAGES)} (all by default)")
    args = parser.parse_args(argv)
    if unknown := set(args.images) - set(IMAGES):
        parser.error(f"no such image: {', '.join(sorted(unknown))}; the images are {', '.join(IMAGES)}")
    docker = Engine(engine())
    built = build_images(docker, tuple(args.images) or IMAGES)
    print(f"\nOn the engine at {docker.host}:")
    for image in built:
        print(f"  {image:32} {docker.size(image) / 1e6:7.0f} MB")
    print("The four services' images share every layer but their last: on a registry they weigh one.")


if __name__ == "__main__":
    main()
