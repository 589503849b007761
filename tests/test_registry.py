"""The registry finds a file's language from its name alone."""

from __future__ import annotations

import pytest

from mapper.languages.registry import load_languages


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("src/app.py", "python"),
        ("types/index.d.ts", "typescript"),
        ("web/App.TSX", "typescript"),
        (".eslintrc.js", "javascript"),
        ("lib/tasks/db.rake", "ruby"),
        ("include/vec.h", "c"),
        ("src/a.b.c.rs", "rust"),
        ("dir.py/Makefile", None),
        ("README", None),
        ("notes.txt", None),
        ("archive.py.bak", None),
    ],
)
def test_language_is_found_by_the_longest_known_extension(path, language):
    found = load_languages().for_path(path)
    assert (found.spec.name if found else None) == language


def test_knowledge_tables_parse_on_first_use_only():
    registry = load_languages()
    python = registry.get("python")
    assert "knowledge" not in python.__dict__  # a result-cache answer never pays for it
    assert python.knowledge.effect_kind("subprocess.run", resolved=True) == "effect.subprocess"
    assert "knowledge" in python.__dict__


def test_a_method_pattern_with_a_star_matches_the_names_that_start_so():
    from mapper.languages.registry import PatternTable

    table = PatternTable.from_section({"effect.net": [".DownloadString*", ".Listen"]})
    assert table.match("client.DownloadStringAsync", resolved=False) == "effect.net"
    assert table.match("client.DownloadString", resolved=False) == "effect.net"
    assert table.match("client.Download", resolved=False) is None
    assert table.match("server.Listen", resolved=False) == "effect.net"
    # A resolved call is never matched by a method name alone.
    assert table.match("mylib.DownloadStringAsync", resolved=True) is None
