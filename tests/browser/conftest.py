"""Headless Chromium from Debian, driven by Playwright; screenshots kept in test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"  # Debian's package, installed by `bin/bootstrap browser`
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The service worker's own requests, seen and routed by Playwright (to cut its network: test_maraude_offline).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"


@pytest.fixture(scope="module")
def chromium():
    """Per module: Playwright's sync API keeps an event loop running while it is open, which the
    other tests' own asyncio.run calls cannot share."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(viewport={"width": 412, "height": 915}, locale="fr-FR")  # a phone
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("step") saves test-artifacts/<test>/<n>-<step>.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def take(step: str) -> Path:
        taken.append(step)
        path = folder / f"{len(taken):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
