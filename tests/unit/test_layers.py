"""The dependency rules of the code base: the shared library imports no service, a service imports
no other service, and a domain imports no framework (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("referral", "cases", "outreach", "reporting")
FRAMEWORKS = ("fastapi", "starlette", "sqlalchemy", "faststream", "aiokafka", "asyncpg", "pydantic")


def imported_packages(folder: Path) -> dict[str, set[str]]:
    """For each Python file under `folder`, the top-level packages it imports."""
    found = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_the_shared_library_imports_no_service():
    offenders = {path: names & set(SERVICES) for path, names in imported_packages(ROOT / "libs/passerelle").items()}
    assert not {path: names for path, names in offenders.items() if names}


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_imports_no_other_service(service):
    others = set(SERVICES) - {service}
    offenders = {path: names & others for path, names in imported_packages(ROOT / "services" / service).items()}
    assert not {path: names for path, names in offenders.items() if names}


@pytest.mark.parametrize("service", SERVICES)
def test_a_domain_is_plain_python(service):
    offenders = {
        path: names & set(FRAMEWORKS)
        for path, names in imported_packages(ROOT / "services" / service / "domain").items()
    }
    assert not {path: names for path, names in offenders.items() if names}
