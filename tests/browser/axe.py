"""axe-core (npm, a development dependency) run in the page: its critical and serious violations. The
page's context must bypass its Content-Security-Policy (axe is added as a script of the page)."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")


def violations(page) -> list[str]:
    """axe-core's critical and serious violations on the page as it shows now."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {[node['target'] for node in v['nodes'][:3]]}"
        for v in found
        if v["impact"] in BLOCKING
    ]
