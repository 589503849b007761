"""`claude-map explain DIR/`: the map of one directory, from the repository's analysis scoped to it."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from mapper.analyze.scope import normalise_directory, scope_analysis
from mapper.app import build_analysis
from mapper.cli import main
from mapper.model import BLOCK_BEGIN
from mapper.nested import render_directory
from mapper.render.tokens import count_tokens
from repos import renderer_with_helpers, write_tree


def _explain(root, *args):
    return CliRunner().invoke(main, ["explain", "--root", str(root), *args])


def _named_paths(text: str) -> set[str]:
    """Every path the text names, with shell brace groups expanded (dir/{a,b}.ts)."""
    found = set()
    for token in re.findall(r"[\w.@+\-/]*\{[^{}\s]*\}[\w.@+\-/]*|[\w.@+\-]+(?:/[\w.@+\-]+)+", text):
        match = re.fullmatch(r"(.*?)\{([^{}]*)\}(.*)", token)
        parts = [match[1] + name + match[3] for name in match[2].split(",")] if match else [token]
        found.update(p.rstrip(".,;:)").split(":")[0] for p in parts)
    return found


def test_scope_keeps_only_the_directory_and_its_border_edges(repo_copy):
    build = build_analysis(repo_copy("ts-monorepo"))
    scoped = scope_analysis(build.analysis, build.facts, build.graph, build.registry, "./packages/db/")
    assert scoped.directory == "packages/db"
    assert set(scoped.source_paths) == {"packages/db/src/index.ts", "packages/db/src/mapping.ts"}
    assert {r.path for r in scoped.analysis.roles} == set(scoped.source_paths)
    assert all(m.path.startswith("packages/db/") for m in scoped.analysis.modules)
    assert all(s.path.startswith("packages/db/") for s in scoped.analysis.effects)
    assert all(e.evidence.path.startswith("packages/db/") for e in scoped.analysis.entry_points)
    # db imports shared; the api app imports db: both directions cross the border.
    edges = {(e.importer, e.imported) for e in scoped.analysis.area_edges}
    assert ("packages/db/src", "packages/shared") in edges
    assert ("apps/api", "packages/db/src") in edges
    assert scoped.analysis.languages == (("typescript", 2),)


def test_scope_labels_a_sibling_inside_the_same_area_by_its_folder(repo_copy):
    build = build_analysis(repo_copy("python-cli"))
    scoped = scope_analysis(build.analysis, build.facts, build.graph, build.registry, "src/taskr")
    importers = {e.importer for e in scoped.analysis.area_edges if not e.importer.startswith("src/taskr")}
    assert "tests" in importers and "src" not in importers


def test_normalise_directory():
    assert normalise_directory("./packages//web/") == "packages/web"
    assert normalise_directory(".") == normalise_directory("") == ""


def test_explain_directory_prints_its_map_within_budget(repo_copy):
    root = repo_copy("ts-monorepo")
    result = _explain(root, "packages/db/")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Directory map: packages/db/ of ")
    assert BLOCK_BEGIN not in result.output
    assert {"packages/db/src/index.ts", "packages/db/src/mapping.ts"} <= _named_paths(result.output)
    assert "packages/shared/src/ids.ts" not in _named_paths(result.output)
    assert "## Dependencies between areas" in result.output and "packages/shared" in result.output
    assert count_tokens(result.output) <= 1500
    # Without the trailing slash, an existing directory is mapped too.
    assert _explain(root, "packages/db").output == result.output


def test_explain_directory_budget_is_hard(repo_copy):
    root = repo_copy("python-web")
    for budget in (150, 300, 600):
        result = _explain(root, "--budget", str(budget), "webshop/")
        assert result.exit_code == 0, result.output
        assert count_tokens(result.output) <= budget


def test_directory_map_names_the_zoom_command_only_when_files_are_left_out(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    for index in range(120):
        (package / f"module_number_{index:03}.py").write_text(f"def handler_{index}():\n    return {index}\n")
    small = _explain(tmp_path, "--budget", "300", "pkg/")
    assert small.exit_code == 0 and "claude-map explain DIR/" in small.output
    large = _explain(tmp_path, "--budget", "20000", "pkg/")
    assert "claude-map explain DIR/" not in large.output
    assert {f"pkg/module_number_{i:03}.py" for i in range(120)} <= _named_paths(large.output)


def test_directory_without_source_says_so_in_one_line(repo_copy):
    root = repo_copy("ts-monorepo")
    (root / "docs").mkdir()
    (root / "docs" / "notes.txt").write_text("hello\n")
    result = _explain(root, "docs/")
    assert result.exit_code == 0 and result.output == "docs/ holds no source files that claude-map maps\n"
    missing = _explain(root, "nowhere/")
    assert missing.exit_code == 2 and missing.output.count("\n") == 1 and "Traceback" not in missing.output


def test_explain_directory_json_holds_only_its_facts(repo_copy):
    root = repo_copy("ts-monorepo")
    result = _explain(root, "--format", "json", "packages/db/")
    data = json.loads(result.output)
    assert data["directory"] == "packages/db"
    assert {r["path"] for r in data["analysis"]["roles"]} == {"packages/db/src/index.ts", "packages/db/src/mapping.ts"}
    assert all(edge["importer"].startswith("packages/db/") for edge in data["imports"])


def test_explaining_a_file_still_works(repo_copy):
    root = repo_copy("ts-monorepo")
    result = _explain(root, "packages/db/src/index.ts")
    assert result.exit_code == 0 and result.output.startswith("# packages/db/src/index.ts")


def test_directory_layout_counts_files_by_the_directorys_own_areas(tmp_path):
    # engine/ holds its source in engine/src/ (with sub-packages) and its tests in engine/tests/:
    # inside engine/, the areas are engine/src and engine/tests, not the repository area engine.
    for sub in ("alpha", "beta"):
        for index in range(25):
            path = tmp_path / "engine" / "src" / sub / f"module_{index:02}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"def handler_{index}():\n    return {index}\n")
    tests = tmp_path / "engine" / "tests"
    tests.mkdir()
    (tests / "test_alpha.py").write_text("from engine.src.alpha.module_00 import handler_0\n\ndef test_it():\n    assert handler_0() == 0\n")
    result = _explain(tmp_path, "engine/")
    assert result.exit_code == 0, result.output
    layout = result.output.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    assert "- `engine/src/` 50 files" in layout
    assert "sub-dirs: engine/src/alpha/ (25), engine/src/beta/ (25)" in layout
    assert "also: `engine/tests/` 1 (tests)" in layout


def test_directory_map_keeps_the_examples_areas_inside_it(tmp_path):
    # walkthroughs/ holds a dozen programs that use corelib: an examples area by its
    # structure alone. The map of the repository's root directory lists them as
    # examples, as the root map does, not as the project's own code.
    (tmp_path / "corelib").mkdir()
    (tmp_path / "corelib" / "__init__.py").write_text("")
    (tmp_path / "corelib" / "api.py").write_text("def serve(name):\n    return name\n")
    (tmp_path / "walkthroughs").mkdir()
    for index in range(12):
        (tmp_path / "walkthroughs" / f"step_{index:02}.py").write_text(
            f"from corelib.api import serve\n\nif __name__ == '__main__':\n    serve('step {index}')\n")
    build = build_analysis(tmp_path)
    assert [a.path for a in build.analysis.example_areas] == ["walkthroughs"]
    scoped = scope_analysis(build.analysis, build.facts, build.graph, build.registry, ".")
    assert [a.path for a in scoped.analysis.example_areas] == ["walkthroughs"]
    inside = scope_analysis(build.analysis, build.facts, build.graph, build.registry, "walkthroughs")
    assert inside.analysis.example_areas == ()  # zoomed into, its programs are the subject
    block = render_directory(build, ".", 1500).document.block
    assert "examples / demos (12)" in block


def test_a_directory_of_tests_alone_names_all_its_files(tmp_path):
    # tokio's benches/: 17 benchmark files, of which the map named the 6 it samples of
    # any tests folder, with budget to spare.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.py").write_text("def run():\n    return 1\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    for n in range(17):
        (tmp_path / "tests" / f"test_case_{n:02d}.py").write_text(
            f"from src.lib import run\n\n\ndef test_{n}():\n    assert run()\n", encoding="utf-8")
    result = _explain(tmp_path, "tests/")
    assert result.exit_code == 0, result.output
    named = _named_paths(result.output)
    assert all(f"tests/test_case_{n:02d}.py" in named for n in range(17)), result.output


def test_a_directory_of_example_programs_names_them_before_its_tests(tmp_path):
    # vite's playground/: 898 example files and 57 e2e tests, both only "minor" roles;
    # the map named the tests first (the biggest files) and 52 of the programs.
    (tmp_path / "corelib").mkdir()
    (tmp_path / "corelib" / "__init__.py").write_text("")
    (tmp_path / "corelib" / "api.py").write_text("def serve(name):\n    return name\n")
    for n in range(30):
        (tmp_path / "playground" / f"demo_{n:02d}").mkdir(parents=True)
        (tmp_path / "playground" / f"demo_{n:02d}" / "main.py").write_text(
            f"from corelib.api import serve\n\nif __name__ == '__main__':\n    serve('demo {n}')\n")
    (tmp_path / "playground" / "tests").mkdir()
    for n in range(10):
        body = "".join(f"def test_{k}():\n    assert serve('x')\n\n\n" for k in range(60))
        (tmp_path / "playground" / "tests" / f"test_suite_{n:02d}.py").write_text(
            "from corelib.api import serve\n\n\n" + body)
    result = _explain(tmp_path, "playground/", "--budget", "400")
    assert result.exit_code == 0, result.output
    named = _named_paths(result.output)
    examples = sum(f"playground/demo_{n:02d}/main.py" in named for n in range(30))
    tests = sum(f"playground/tests/test_suite_{n:02d}.py" in named for n in range(10))
    assert examples >= 20 and tests <= 2, result.output


def test_a_directory_map_labels_its_areas_as_the_root_map_does(tmp_path):
    # Helpers that only their own area uses do not label it (vue's server-renderer/ is a
    # renderer with ssr helpers), in `explain pkg/` as in the root map's Layout.
    files = renderer_with_helpers("pkg")
    build = build_analysis(write_tree(tmp_path, files))
    scoped = scope_analysis(build.analysis, build.facts, build.graph, build.registry, "pkg")
    areas = {a.path: a.role for a in scoped.analysis.areas}
    assert (areas["pkg/renderer"], areas["pkg/shared"]) == ("role.core", "role.util"), areas
