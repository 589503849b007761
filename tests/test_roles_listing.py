"""The Module roles listing: shell brace groups that expand back to exact paths."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from repos import ROOT, fixture_names
from mapper.app import MapConfig, build_analysis, build_map
from mapper.render.braces import DirGroup, group_by_directory as _group_by_directory

_ROLE_ROW = re.compile(r"- (?P<label>.+?) \((?P<total>\d+)\)(?:: (?P<groups>.*))?")
_MORE = re.compile(r"^\+(\d+) more$")


def shell_expand(word: str) -> list[str]:
    """One word as bash expands it, for the single-level groups the map writes:
    ``a/{b,c}.rs`` -> ``a/b.rs a/c.rs``; a word without a comma-holding group stays."""
    match = re.fullmatch(r"([^{}]*)\{([^{}]*,[^{}]*)\}([^{}]*)", word)
    if not match:
        return [word]
    prefix, body, suffix = match.groups()
    return [prefix + item + suffix for item in body.split(",")]


def roles_section(block: str) -> str:
    section = block.split("## Module roles\n", 1)[1].split("\n\n", 1)[0]
    return section.split("\n## ", 1)[0].split("\n<!--", 1)[0]


def role_rows(block: str) -> list[tuple[str, int, list[str], int]]:
    """(label, total, expanded paths, +N more) for each row of the roles section."""
    section = roles_section(block)
    rows = []
    for line in section.splitlines():
        match = _ROLE_ROW.fullmatch(line)
        assert match, line
        paths, more = [], 0
        for word in (match["groups"] or "").split("; ") if match["groups"] else []:
            if found := _MORE.match(word):
                more = int(found.group(1))
                continue
            assert " " not in word or "{" not in word, word
            paths.extend(shell_expand(word))
        rows.append((match["label"], int(match["total"]), paths, more))
    return rows


def _bench_quality():
    """bench/quality.py (a script, not a package module), loaded once."""
    if "bench_quality" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_quality", ROOT / "bench" / "quality.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_quality"] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["bench_quality"]


@pytest.mark.parametrize(
    "paths",
    [
        ["src/a.py", "src/b.py", "src/c.py"],
        ["tokio/src/sync/mutex.rs", "tokio/src/sync/notify.rs", "tokio/src/sync/mpsc/bounded.rs", "tokio/src/lib.rs",
         "tokio/src/runtime/blocking/pool.rs", "tokio/src/runtime/builder.rs", "tokio/src/runtime/handle.rs"],
        ["web/a.ts", "web/b.ts", "web/c.tsx", "web/d.tsx", "web/e.js", "web/types.d.ts"],
        ["src/a.test.ts", "src/b.test.ts", "src/c.spec.ts"],
        ["setup.py", "noxfile.py", "bench/run.py", "bench/plot.py", "docs/conf.py"],
        ["src/Makefile.rs", "src/x.rs", "src/.hidden.rs", "src/lib", "src/.rs"],
        ["my docs/a file.py", "my docs/b.py", "pkg/c d.py", "pkg/e.py"],
        ["a.py"],
    ],
)
def test_groups_expand_to_exactly_the_paths(paths):
    groups = _group_by_directory(paths)
    expanded = [p for g in groups for p in g.paths]
    assert sorted(expanded) == sorted(paths)
    for group in groups:
        assert shell_expand(group.text) == list(group.paths)
        assert all(name for name in group.names)
    assert groups == _group_by_directory(list(reversed(paths)))  # order of input does not matter


def test_notation_shares_the_extension_and_skips_braces_for_one_file():
    assert DirGroup("tokio/src/sync", ("broadcast", "mutex"), ".rs").text == "tokio/src/sync/{broadcast,mutex}.rs"
    assert DirGroup("src", ("lib",), ".rs").text == "src/lib.rs"
    assert DirGroup("", ("setup.py",)).text == "setup.py"
    groups = _group_by_directory(["tokio/src/sync/broadcast.rs", "tokio/src/sync/mutex.rs", "tokio/src/sync/notify.rs"])
    assert [g.text for g in groups] == ["tokio/src/sync/{broadcast,mutex,notify}.rs"]


def test_a_folder_with_one_file_joins_its_parents_group():
    groups = _group_by_directory(["rt/builder.rs", "rt/handle.rs", "rt/blocking/pool.rs"])
    assert [g.text for g in groups] == ["rt/{blocking/pool,builder,handle}.rs"]


def test_mixed_extensions_stay_exact():
    groups = _group_by_directory(["web/a.ts", "web/b.ts", "web/c.ts", "web/d.js"])
    text = "; ".join(g.text for g in groups)
    assert text in ("web/{a,b,c}.ts; web/d.js", "web/{a.ts,b.ts,c.ts,d.js}"), text


def _maps():
    cases = []
    for name in fixture_names():
        cases.append(pytest.param(name, id=name))
    cases.append(pytest.param(None, id="claude-map"))
    return cases


@pytest.mark.parametrize("name", _maps())
def test_every_file_in_the_roles_section_is_an_exact_source_path(name, repo_copy):
    root = ROOT if name is None else repo_copy(name)
    roles = {r.path for r in build_analysis(root).analysis.roles}
    quality = _bench_quality()
    for budget in (400, 1200, 100_000):
        _, document = build_map(root, MapConfig(budget=budget))
        if "## Module roles" not in document.block:
            continue
        seen: list[str] = []
        for label, total, paths, more in role_rows(document.block):
            assert set(paths) <= roles, (label, sorted(set(paths) - roles))
            if paths:  # the smallest variant gives counts only
                assert len(paths) + more == total, (label, total, len(paths), more)
            seen.extend(paths)
        assert len(seen) == len(set(seen)), "a file is named twice"
        # The benchmark's expansion reads the same paths out of the section.
        section = roles_section(document.block)
        named = {p for line in section.splitlines()
                 for _, _, p in quality.named_spans(quality.expand_braces(line), frozenset(roles))}
        assert named == set(seen)


def test_bench_expansion_reads_both_forms():
    quality = _bench_quality()
    assert quality.expand_braces("- core (3): src/{a,b}.rs; {setup,noxfile}.py") == \
        "- core (3): src/a.rs src/b.rs; setup.py noxfile.py"
    assert quality.expand_braces("- core (3): mapper/{a.py, b.py}; x/{c.py}") == \
        "- core (3): mapper/a.py mapper/b.py; x/c.py"
    assert quality.expand_braces("f{,.bak}") == "f f.bak"


def test_group_cost_added_from_parts_equals_the_whole_count():
    import random

    from mapper.render.tokens import count_tokens
    from mapper.render.braces import DirGroup, group_cost as _group_cost

    rng = random.Random(7)
    words = ["mod", "lib", "a1", "b22", "x_y", "Foo", "bar-baz", "9", "blocking/pool", "ü", "test"]
    for _ in range(2000):
        names = tuple(rng.choice(words) for _ in range(rng.randint(1, 6)))
        group = DirGroup(rng.choice(["", "src", "a/b1", "x_y/z"]), names, rng.choice(["", ".rs", ".test.ts"]))
        assert _group_cost(group) == count_tokens(group.text), group
