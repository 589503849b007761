"""Where the project and its fixture repositories are, and small trees written for a test.

A plain module, so tests import it by name; conftest.py holds pytest fixtures only.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.toml").is_file())


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text) under ``root`` and return ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def renderer_with_helpers(package: str = "") -> dict[str, str]:
    """A renderer whose helpers only it uses, beside shared helpers others use (vue's
    packages/server-renderer/, labelled utilities by its ssr helpers), under ``package``
    (a dotted Python package, '' for the root)."""
    folder = package.replace(".", "/") + "/" if package else ""
    dotted = package + "." if package else ""
    files = {
        "renderer/__init__.py": f"from {dotted}renderer.render import render\n",
        "renderer/render.py": f"from {dotted}renderer.helpers import attrs, slots, lists\n\n\ndef render():\n    return 1\n",
        "renderer/stream.py": f"from {dotted}renderer.render import render\n\n\ndef stream():\n    return render()\n",
        "renderer/helpers/__init__.py": "", "renderer/helpers/attrs.py": "def a():\n    return 1\n",
        "renderer/helpers/slots.py": "def s():\n    return 1\n", "renderer/helpers/lists.py": "def l():\n    return 1\n",
        # Helpers the rest of the project uses do label their area.
        "shared/__init__.py": "", "shared/utils/__init__.py": "", "shared/utils/text.py": "def t():\n    return 1\n",
        "shared/core.py": f"from {dotted}shared.utils import text\n",
    }
    tree = {folder + path: text for path, text in files.items()}
    tree["app.py"] = f"from {dotted}shared.utils import text\nfrom {dotted}renderer import render\n"
    if package:
        tree[folder + "__init__.py"] = ""
    return tree
