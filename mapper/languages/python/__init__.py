"""Python: ``.py`` and ``.pyi`` files.

Supported: ``import``/``from`` imports with aliases, relative imports, ``src/`` and flat
layouts, sibling imports of scripts; functions, classes, methods; calls resolved through
import aliases (``import subprocess as sp; sp.run``); ``os.environ[...]`` reads;
``if __name__ == "__main__"`` blocks; ``__main__.py``; console scripts from
pyproject.toml, setup.cfg and setup.py; commands from pyproject tool sections, tox,
nox, pytest.ini and requirements files.

Known gaps: dynamic imports (``importlib.import_module``) and ``sys.path`` edits are
not followed; calls on instances are matched by method name only.
"""

from __future__ import annotations

from mapper.languages.python import manifests, resolve
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite


def bind_import(site: ImportSite) -> Binding | None:
    """The local name an import creates, and what it stands for."""
    if site.kind == "wildcard":
        return None
    if site.name:
        qualified = f"{site.source}.{site.name}" if not site.source.endswith(".") else f"{site.source}{site.name}"
        return Binding(site.alias or site.name.split(".")[0], qualified)
    if site.alias:
        return Binding(site.alias, site.source)
    first = site.source.split(".")[0]
    return Binding(first, first)


def is_public(name: str, line_text: str) -> bool:
    return not name.startswith("_")


SPEC = LanguageSpec(
    name="python",
    entry_kinds=(
        EntryKind("entry.console_script", "console script", "role.cli", 0),
        EntryKind("entry.gui_script", "GUI script", "", 1),
        EntryKind("entry.python_module", "python -m", "role.cli", 3),
        EntryKind("entry.main_guard", "__main__ block", "role.cli", 13),
        EntryKind("entry.celery_task", "Celery task", "", 14),
    ),
    extensions=(".py", ".pyi"),
    declaration_extensions=((".pyi", (".py",)),),
    grammars={"": GrammarRef("tree_sitter_python", "language", pack_name="python")},
    package=__name__,
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    project_manifests=("pyproject.toml", "setup.py", "setup.cfg"),
    manifest_names=(
        "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "noxfile.py", "pytest.ini",
        "requirements.txt", "requirements-dev.txt",
    ),
    read_entry_points=manifests.read_entry_points,
    read_commands=manifests.read_commands,
    file_entry_points=manifests.file_entry_points,
    read_project_name=manifests.read_project_name,
    locate_entry=manifests.locate_entry,
    constructor_names=("__init__", "__new__"),
)
