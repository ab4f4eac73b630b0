"""The commands bin/run prints work against its own stack, whatever ports its broker and database have."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from devstack.run import rebuild_command

REPO = Path(__file__).resolve().parents[1]


def test_the_printed_rebuild_command_replays_this_stacks_broker(platform):
    command = rebuild_command(platform)
    assert f"--bootstrap {platform.kafka.bootstrap}" in command
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSERELLE_")}  # only what is printed
    run = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
