"""Nested maps: a bounded block in DIR/CLAUDE.md for each matching directory, from one analysis."""

from __future__ import annotations

from click.testing import CliRunner

import mapper.analyze
from mapper.app import MapConfig, build_analysis, build_map, produce_blocks
from mapper.cli import main
from mapper.model import BLOCK_BEGIN
from mapper.nested import (
    match_directories, nested_files_line, render_directory, select_directories, source_directories,
)
from mapper.render.tokens import count_tokens


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_globs_match_directory_by_directory():
    directories = source_directories(("packages/a/src/x.ts", "packages/b/y.ts", "apps/web/src/deep/z.ts", "top.py"))
    assert match_directories(("packages/*",), directories) == ("packages/a", "packages/b")
    assert match_directories(("./apps/*/",), directories) == ("apps/web",)
    assert match_directories(("**/src",), directories) == ("apps/web/src", "packages/a/src")
    assert match_directories(("nothing/*",), directories) == ()


def test_nested_line_groups_by_parent_and_counts_the_rest():
    assert nested_files_line(("apps/api", "packages/db", "packages/shared"), "CLAUDE.md") == (
        "Nested maps: apps/api/CLAUDE.md; packages/{db,shared}/CLAUDE.md."
    )
    many = tuple(f"packages/p{i:02}" for i in range(30))
    assert nested_files_line(many, "AGENTS.md").endswith("; +6 more.")
    assert nested_files_line((), "CLAUDE.md") == ""
    assert nested_files_line(("docs site", "lib"), "CLAUDE.md") == "Nested maps: docs site/CLAUDE.md; lib/CLAUDE.md."


def test_auto_picks_every_languages_packages(repo_copy):
    build = build_analysis(repo_copy("mixed-monorepo"))
    # npm, Python, Go and Cargo projects, found through each language folder's manifests.
    assert select_directories(build, ("auto",)) == ("backend", "tools", "web", "worker")
    monorepo = build_analysis(repo_copy("ts-monorepo"))
    assert select_directories(monorepo, ("auto",)) == ("apps/api", "packages/db", "packages/shared")


def test_auto_adds_the_areas_holding_files_the_root_map_leaves_out(tmp_path):
    for area, count in (("big", 70), ("small", 10), ("tiny", 3)):
        for index in range(count):
            path = tmp_path / area / f"part{index // 10}" / f"module_{index:03}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"def handler_{index}():\n    return {index}\n")
    build = build_analysis(tmp_path)
    left_out = frozenset({"big/part3/module_030.py", "tiny/part0/module_001.py"})
    # tiny has fewer files than a map of its own is worth.
    assert select_directories(build, ("auto",), left_out) == ("big",)
    assert select_directories(build, ("auto",), frozenset()) == ()
    _, document = build_map(tmp_path, MapConfig(budget=400))
    assert document.left_out and not document.complete
    chosen = select_directories(build, ("auto",), document.left_out)
    assert "big" in chosen and "tiny" not in chosen


def test_write_then_check_then_stale_names_the_package(repo_copy):
    root = repo_copy("ts-monorepo")
    hand = "# Notes on db\r\n\r\nKeep the mapping pure.\r\n"
    (root / "packages/db/CLAUDE.md").write_bytes(hand.encode())
    written = _run(str(root), "--nested", "packages/*")
    assert written.exit_code == 0, written.stderr
    for package in ("db", "shared"):
        text = (root / f"packages/{package}/CLAUDE.md").read_text()
        assert text.count(BLOCK_BEGIN) == 1 and f"# Directory map: packages/{package}/" in text
        assert count_tokens(text[text.index(BLOCK_BEGIN):]) <= 1500
    assert (root / "packages/db/CLAUDE.md").read_bytes().startswith(hand.encode())
    assert not (root / "apps/api/CLAUDE.md").exists()
    assert "Nested maps: packages/{db,shared}/CLAUDE.md." in (root / "CLAUDE.md").read_text()

    fresh = _run(str(root), "--nested", "packages/*", "--check")
    assert fresh.exit_code == 0, fresh.stdout + fresh.stderr

    (root / "packages/shared/src/extra.ts").write_text("export function extra(): number { return 1; }\n")
    stale = _run(str(root), "--nested", "packages/*", "--check")
    assert stale.exit_code == 1
    assert "packages/shared/CLAUDE.md is stale" in stale.stderr
    assert "packages/db/CLAUDE.md is stale" not in stale.stderr
    assert "+++ b/packages/shared/CLAUDE.md" in stale.stdout


def test_settings_select_nested_directories(repo_copy):
    root = repo_copy("ts-monorepo")
    (root / ".claude-map.toml").write_text('nested = ["apps/*"]\n')
    assert _run(str(root), "--quiet").exit_code == 0
    assert (root / "apps/api/CLAUDE.md").is_file() and not (root / "packages/db/CLAUDE.md").exists()
    # The command line overrides the settings.
    assert _run(str(root), "--quiet", "--nested", "packages/db").exit_code == 0
    assert (root / "packages/db/CLAUDE.md").is_file()


def test_a_directory_that_stops_matching_is_reported_as_orphaned_not_deleted(repo_copy):
    root = repo_copy("ts-monorepo")
    assert _run(str(root), "--nested", "packages/*").exit_code == 0
    before = (root / "packages/shared/CLAUDE.md").read_bytes()
    checked = _run(str(root), "--nested", "packages/db", "--check", "--quiet")
    assert "packages/shared/CLAUDE.md holds an orphaned map block" in checked.stderr  # a warning, even quiet
    written = _run(str(root), "--nested", "packages/db")
    assert written.exit_code == 0 and "packages/shared/CLAUDE.md holds an orphaned map block" in written.stderr
    assert (root / "packages/shared/CLAUDE.md").read_bytes() == before


def test_one_analysis_serves_the_root_and_every_nested_block(repo_copy, monkeypatch):
    root = repo_copy("ts-monorepo")
    calls = []
    original = mapper.analyze.analyze_repo
    monkeypatch.setattr(mapper.analyze, "analyze_repo", lambda *a: calls.append(1) or original(*a))
    outcomes = produce_blocks(root, MapConfig(nested=("packages/*", "apps/*")))
    assert [o.directory for o in outcomes] == ["", "apps/api", "packages/db", "packages/shared"]
    assert len(calls) == 1


def test_nested_blocks_come_from_the_result_cache_when_nothing_changed(repo_copy, monkeypatch):
    root = repo_copy("ts-monorepo")
    config = MapConfig(use_cache=True, nested=("packages/*",))
    first = produce_blocks(root, config)
    calls = []
    original = mapper.analyze.analyze_repo
    monkeypatch.setattr(mapper.analyze, "analyze_repo", lambda *a: calls.append(1) or original(*a))
    assert produce_blocks(root, config) == first and calls == []
    # Another nested pattern is another result: the cache does not answer for it.
    assert [o.directory for o in produce_blocks(root, MapConfig(use_cache=True, nested=("apps/*",)))] == ["", "apps/api"]


def test_root_map_names_the_zoom_command_only_when_files_are_left_out(tmp_path):
    for index in range(150):
        path = tmp_path / "pkg" / f"sub{index // 30}" / f"module_number_{index:03}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"def handler_{index}():\n    return {index}\n")
    tight = build_map(tmp_path, MapConfig(budget=600))[1]
    assert not tight.complete and "claude-map explain DIR/" in tight.block
    roomy = build_map(tmp_path, MapConfig(budget=20_000))[1]
    assert roomy.complete and "claude-map explain DIR/" not in roomy.block
    nested = build_map(tmp_path, MapConfig(budget=20_000, nested=("pkg",)))[1]
    assert "claude-map explain DIR/" not in nested.block and "Nested maps: pkg/CLAUDE.md." in nested.block


def test_auto_descends_into_sub_directories_a_nested_map_cannot_name_whole(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "pyproject.toml").write_text('[project]\nname = "lib"\n')
    for folder, count in (("alpha", 20), ("beta", 20), ("gamma", 3)):
        for index in range(count):
            path = tmp_path / "lib" / folder / f"{folder}_module_number_{index:03}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"def {folder}_handler_{index}():\n    return {index}\n")
    roomy = produce_blocks(tmp_path, MapConfig(nested=("auto",), nested_budget=20_000))
    assert [o.directory for o in roomy] == ["", "lib"]
    tight = produce_blocks(tmp_path, MapConfig(nested=("auto",), nested_budget=400))
    below = [o.directory for o in tight[2:]]
    assert tight[1].directory == "lib" and below and set(below) <= {"lib/alpha", "lib/beta"}
    assert all(o.tokens <= 400 for o in tight[1:])
    # Exactly the sub-directories holding files the lib map leaves out (gamma is too small).
    build = build_analysis(tmp_path)
    left_out = render_directory(build, "lib", 400).document.left_out
    assert below == sorted({"/".join(p.split("/")[:2]) for p in left_out} - {"lib/gamma"})


def test_auto_picks_a_package_of_tests_but_not_one_of_examples(tmp_path):
    # A Cargo workspace: the library, a crate of test helpers (every file a test to
    # claude-map) and an examples crate. The test crate is a package of the workspace
    # and gets a map; the examples crate does not.
    (tmp_path / "Cargo.toml").write_text('[workspace]\nmembers = ["core", "core-test", "examples"]\n')
    crates = {
        "core": ("src/lib.rs", "src/parse.rs"),
        "core-test": ("src/lib.rs", "src/assertions.rs"),
        "examples": ("hello.rs", "goodbye.rs"),
    }
    for crate, files in crates.items():
        (tmp_path / crate).mkdir()
        (tmp_path / crate / "Cargo.toml").write_text(f'[package]\nname = "{crate}"\nversion = "0.1.0"\n')
        for name in files:
            path = tmp_path / crate / name
            path.parent.mkdir(parents=True, exist_ok=True)
            body = "fn main() {}\n" if crate == "examples" else "#[test]\nfn checks() { assert!(true); }\n"
            path.write_text(body if crate != "core" else "pub fn parse() -> u32 { 1 }\n")
    # A crate under tests/ is a fixture of the test suite, not a package of the repository.
    fixture = tmp_path / "tests" / "sample_crate"
    (fixture / "src").mkdir(parents=True)
    (fixture / "Cargo.toml").write_text('[package]\nname = "sample"\nversion = "0.1.0"\n')
    for name in ("lib.rs", "more.rs"):
        (fixture / "src" / name).write_text("pub fn sample() -> u32 { 2 }\n")
    build = build_analysis(tmp_path)
    roles = {r.path: r.role for r in build.analysis.roles}
    assert {roles["core-test/src/lib.rs"], roles["core-test/src/assertions.rs"]} == {"role.tests"}
    assert select_directories(build, ("auto",)) == ("core", "core-test")


def _examples_workspace(root):
    """A library and a playground of example projects, each with its own manifest."""
    (root / "lib").mkdir()
    (root / "lib" / "pyproject.toml").write_text('[project]\nname = "lib"\n')
    for index in range(12):
        (root / "lib" / f"core_module_{index:02}.py").write_text(f"def core_{index}():\n    return {index}\n")
    for project in range(10):
        folder = root / "playground" / f"demo{project}"
        folder.mkdir(parents=True)
        (folder / "pyproject.toml").write_text(f'[project]\nname = "demo{project}"\n')
        for name in ("app", "settings", "views"):
            (folder / f"{name}.py").write_text(
                f"import lib.core_module_0{project % 10}\n\n\ndef {name}_{project}():\n    return {project}\n"
            )


def test_auto_gives_an_examples_workspace_one_map_never_one_per_project(tmp_path):
    _examples_workspace(tmp_path)
    tight = produce_blocks(tmp_path, MapConfig(budget=500, nested=("auto",)))
    directories = [o.directory for o in tight[1:]]
    assert "playground" in directories
    assert not [d for d in directories if d.startswith("playground/")]
    playground = next(o for o in tight if o.directory == "playground")
    assert "playground/demo" in playground.block and playground.tokens <= 1500
    # A root map that names every example program leaves the workspace no map to add.
    roomy = produce_blocks(tmp_path, MapConfig(budget=20_000, nested=("auto",)))
    assert "playground" not in [o.directory for o in roomy]
