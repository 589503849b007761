"""What a warm run imports: the hook's answer on an unchanged tree must not pay for
tree-sitter, the parse stage or the analysis (their import alone costs more than the
answer). Pinned here, in a fresh interpreter, the way click pins its own imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The command line, the use cases, and the stages a warm answer needs: discover, the
# caches (which stamp the templates folder), the write stage. Language folders load with the registry.
WARM_MODULES = {
    "mapper", "mapper.app", "mapper.cache", "mapper.cache.codec", "mapper.cli", "mapper.config",
    "mapper.discover", "mapper.discover.listing", "mapper.errors", "mapper.gc_tuning", "mapper.model",
    "mapper.templates", "mapper.write", "mapper.write.markers",
}
NEVER_WARM = ("tree_sitter", "networkx", "jinja2", "mapper.parse", "mapper.analyze", "mapper.render",
              "mapper.graph", "mapper.resolve", "mapper.drift", "mapper.explain", "mapper.stack")

_PROBE = """
import json, sys
from mapper.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _loaded(root: Path, *args: str) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args, str(root)], capture_output=True, text=True,
                          check=True, cwd=root)
    payload = json.loads(done.stdout.strip().splitlines()[-1])
    return payload["code"], set(payload["modules"])


def test_a_warm_check_imports_no_parser_and_no_analysis(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "python-cli" / "repo", root)
    subprocess.run([sys.executable, "-m", "mapper", "--quiet", str(root)], check=True)
    subprocess.run([sys.executable, "-m", "mapper", "--check", "--quiet", str(root)], check=True)
    code, modules = _loaded(root, "--check", "--quiet")
    assert code == 0
    ours = {m for m in modules if m == "mapper" or m.startswith("mapper.")}
    assert {m for m in ours if not m.startswith("mapper.languages")} == WARM_MODULES
    assert sorted(m for m in modules if m.startswith(NEVER_WARM)) == []


def test_a_cold_run_does_import_them(tmp_path):
    """The probe sees imports at all: a run without cache parses and analyses."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "python-cli" / "repo", root)
    code, modules = _loaded(root, "--stdout", "--no-cache", "--quiet")
    assert code == 0 and {"tree_sitter", "mapper.parse", "mapper.analyze", "mapper.render"} <= modules
