"""The project documents itself: its CLAUDE.md is claude-map's output, and fresh."""

from __future__ import annotations

import subprocess
import sys

from repos import ROOT


def test_own_claude_md_is_fresh():
    result = subprocess.run(
        [sys.executable, "-m", "mapper", "--check", str(ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, "CLAUDE.md is stale; run `claude-map .`\n" + result.stdout[-3000:]
