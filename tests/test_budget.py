"""Budget fitting: hard limit, lower sections shrink first, whole lines only."""

from __future__ import annotations

import re

import pytest

from mapper.app import build_analysis, build_map, MapConfig
from mapper.render import render_map
from mapper.render.budget import BudgetError, fit_sections
from mapper.render.tokens import count_tokens

from repos import FIXTURES, fixture_names


def _words(text: str) -> int:
    return len(text.split())


def test_lowest_section_shrinks_before_higher_ones():
    variants = [["h h"], ["a a a a", "a a"], ["b b b b", "b b"], ["c c c c", "c c"]]
    fitted = fit_sections(variants, budget=12, count=_words)
    # 2 + 4 + 4 + 2: only the lowest-priority section had to shrink.
    assert fitted.choices == (0, 0, 0, 1)
    assert fitted.tokens == 12


def test_sections_are_dropped_from_the_bottom_when_shrinking_is_not_enough():
    variants = [["h h"], ["a a a a", "a a"], ["b b b b", "b b"]]
    fitted = fit_sections(variants, budget=4, count=_words)
    assert fitted.choices == (0, 1, None)


def test_a_variant_that_costs_more_than_a_richer_one_does_not_stop_the_refill():
    # devise's Key modules: variants of 1,462, 1,793 and 1,316 tokens; the refill stopped
    # at the last, since the one above it did not fit, and left 400 tokens unused.
    b = ["b " * n for n in (40, 14, 17, 13, 2)]
    fitted = fit_sections([["h"], ["a " * 30, "a"], b], budget=46, count=_words)
    assert fitted.choices == (0, 0, 1), fitted
    assert fitted.tokens == 45


def test_header_that_does_not_fit_is_an_error():
    with pytest.raises(BudgetError):
        fit_sections([["h h h h h"]], budget=3, count=_words)


@pytest.mark.parametrize("name", fixture_names())
@pytest.mark.parametrize("budget", [150, 300, 600, 1200, 3000])
def test_map_never_exceeds_budget(name, budget, repo_copy):
    root = repo_copy(name)
    try:
        _, document = build_map(root, MapConfig(budget=budget))
    except BudgetError:
        assert budget <= 150  # only a budget smaller than the header may refuse
        return
    assert count_tokens(document.block) == document.tokens <= budget
    full = build_map(root, MapConfig(budget=100_000))[1].block.splitlines()
    for line in document.block.splitlines():
        # Every line is a whole line of some variant: either in the full map or a
        # shortened row that still starts like one of its lines' prefixes.
        # The header's zoom line is there only when the map leaves files out.
        assert line in full or line.startswith(("- ", "  - ", "#", "<!--", "Zoom: ")), line


@pytest.mark.parametrize("name", ["c-tool", "go-service", "java-spring"])
def test_a_larger_budget_never_drops_a_section(name):
    """The fit counts sections one by one; joined, they cost a few tokens more (the
    blank lines between them). That overshoot must shrink the map, not drop a whole
    section (on main before the fix: c-tool lost Key modules at 508 tokens that it
    had at 501, and 284 such drops over the fixtures' 200-1,600-token sweep)."""
    build = build_analysis(FIXTURES / name)
    paths = tuple(f.path for f in build.facts)
    previous: set[str] = set()
    for budget in range(250, 1100, 7):
        document = render_map(build.analysis, paths, budget)
        sections = set(re.findall(r"^## (.+)$", document.block, re.MULTILINE))
        assert previous <= sections, (budget, previous - sections)
        assert document.tokens <= budget
        previous = sections


def test_smaller_budget_keeps_priority_sections(repo_copy):
    root = repo_copy("python-cli")
    _, small = build_map(root, MapConfig(budget=250))
    assert "## Commands" in small.block
    assert "## Key modules" not in small.block


def test_protected_sections_shrink_only_after_the_rest():
    variants = [["h"], ["p p p p", "p"], ["a a a a", "a a a", "a a"], ["b b b b", "b"]]
    fitted = fit_sections(variants, budget=9, count=_words, protected=2)
    # Only unprotected sections 2 and 3 give up rows while that is enough.
    assert fitted.choices == (0, 0, 1, 1)
    # Section 1 shrinks only once 2 and 3 are at their smallest.
    fitted = fit_sections(variants, budget=5, count=_words, protected=2)
    assert fitted.choices == (0, 1, 2, 1)


def test_weight_zero_section_gets_only_the_leftover_once_the_file_listing_is_richest():
    # Section 1 names the project's files (reserved); section 2 (weight 0) lists extras.
    variants = [["h"], ["r r r r r r", "r r r"], ["x x x x", "x x", ""]]
    common = dict(count=_words, reserve={1: 0.5}, weights={2: 0.0}, complete_first=(1,))
    # Room for everything: the extras come in whole.
    assert fit_sections(variants, budget=11, **common).choices == (0, 0, 0)
    # Room for the files and part of the extras: they get what is left.
    assert fit_sections(variants, budget=9, **common).choices == (0, 0, 1)
    # The files do not all fit: the extras get nothing, though two tokens are free.
    assert fit_sections(variants, budget=6, **common).choices == (0, 1, 2)
    # An ordinary section of the same shape would take those tokens.
    assert fit_sections(variants, budget=6, count=_words, reserve={1: 0.5}).choices == (0, 1, 1)


def test_deferred_variants_come_after_the_leftover_sections():
    # Section 2 (Key modules) defers its richest variant (index 0) until section 3
    # (weight 0, example programs) has had the leftover.
    variants = [["h"], ["r r"], ["m m m m m m", "m m"], ["x x x", ""]]
    common = dict(count=_words, weights={3: 0.0}, complete_first=(1,))
    # Room for the examples but not for both: the examples win.
    assert fit_sections(variants, budget=9, deferred={2: 1}, **common).choices == (0, 0, 1, 0)
    # Without the deferral the richer rows take those tokens.
    assert fit_sections(variants, budget=9, **common).choices == (0, 0, 0, 1)
    # Room for everything: the deferred rows come in last.
    assert fit_sections(variants, budget=12, deferred={2: 1}, **common).choices == (0, 0, 0, 0)


def test_protected_extras_go_before_lower_sections_shrink():
    # Section 1 is protected, but its first variant only adds secondary rows
    # (primary=1): those go before section 2 loses anything.
    variants = [["h"], ["p p p p p", "p p", "p"], ["a a a a", "a a a", "a"]]
    fitted = fit_sections(variants, budget=7, count=_words, protected=2, primary={1: 1})
    assert fitted.choices == (0, 1, 0)
    # Without the primary mark the protected section keeps everything.
    fitted = fit_sections(variants, budget=7, count=_words, protected=2)
    assert fitted.choices == (0, 0, 2)



def test_entry_points_of_examples_are_secondary(tmp_path):
    from mapper.app import build_analysis
    from mapper.render.sections import build_sections

    # vite's playground holds a dozen express apps: entry points, but not the project's.
    (tmp_path / "package.json").write_text('{"name": "tool", "bin": {"tool": "cli.js"}, "dependencies": {"express": "4"}}')
    (tmp_path / "cli.js").write_text("console.log(process.argv)\n")
    demo = tmp_path / "playground" / "ssr"
    demo.mkdir(parents=True)
    (demo / "server.js").write_text("const express = require('express')\nconst app = express()\napp.listen(3000)\n")
    analysis = build_analysis(tmp_path, MapConfig()).analysis
    entries = next(s for s in build_sections(analysis, ()) if s.name == "entry_points")
    richest = [row.text for row in entries.variants[0].rows]
    primary = [row.text for row in entries.variants[entries.primary].rows]
    assert any("playground/ssr/server.js" in text for text in richest)
    assert primary and not any("playground/ssr/server.js" in text for text in primary)


def test_every_declared_entry_point_survives_the_default_budget(tmp_path):
    # A project large enough that the map must shrink: 24 console scripts, 240
    # modules with side effects, and 30 scripts with __main__ blocks competing for
    # the same budget. Every declared script must still be listed.
    from mapper.app import DEFAULT_BUDGET

    scripts = "\n".join(f'tool-{n} = "pkg.cli_{n}:main"' for n in range(24))
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "pkg"\n[project.scripts]\n{scripts}\n')
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for n in range(24):
        (package / f"cli_{n}.py").write_text(f"from pkg import core_{n}\n\ndef main():\n    core_{n}.run()\n")
    for n in range(240):
        (package / f"core_{n}.py").write_text(
            "import os\nimport subprocess\n\n"
            f"def run():\n    subprocess.run(['echo', os.environ.get('HOME_{n}', '')])\n\n"
            f"def helper_{n}(path):\n    with open(path, 'w') as handle:\n        handle.write('x')\n"
        )
    tools = tmp_path / "scripts"
    tools.mkdir()
    for n in range(30):
        (tools / f"task_{n}.py").write_text("import sys\n\nif __name__ == '__main__':\n    sys.exit(0)\n")
    _, document = build_map(tmp_path, MapConfig(budget=DEFAULT_BUDGET))
    full = build_map(tmp_path, MapConfig(budget=100_000))[1]
    assert count_tokens(full.block) > DEFAULT_BUDGET  # the map really had to shrink
    assert document.tokens <= DEFAULT_BUDGET
    for n in range(24):
        assert f"`tool-{n}`" in document.block, n


def test_dependency_variants_trim_targets_and_long_cycles():
    import dataclasses

    from mapper.model import Analysis, AreaEdge, Evidence
    from mapper.render.sections import build_sections

    areas = [f"a{n:02d}" for n in range(30)]
    edges = []
    for importer in areas[:3]:
        for imported in areas:
            if imported != importer:
                edges.append(AreaEdge(importer, imported, 5, Evidence(f"{importer}/x.py", 1, "import")))
    fields = {f.name: f.default if f.default is not dataclasses.MISSING else () for f in dataclasses.fields(Analysis)}
    analysis = Analysis(**{**fields, "name": "x", "area_edges": tuple(edges), "cycles": (tuple(areas),)})
    deps = next(s for s in build_sections(analysis, ()) if s.name == "dependencies")
    richest, smallest = deps.variants[0], deps.variants[-1]
    assert len(richest.cycles[0]) == 30 and max(len(e.imported) for e in richest.edges) == 29
    assert smallest.edges == () and smallest.cycles[0][-1] == "26 more"
    # A count of importing areas under no area shown says nothing (prometheus at 3k:
    # "- 19 more importing areas" and nothing else).
    assert all(v.more == 0 for v in deps.variants if not v.edges)
