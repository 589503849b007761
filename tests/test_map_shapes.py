"""Repository shapes the map once handled badly (issue #9), each built small in a temp dir.

Every test here failed on the map as it was before the shape was handled: docs full of
example apps buried the framework, workspace manifests pointed at build output, a Go
package gave each of its files a row saying the same thing, small repositories stopped
short of their budget, and console scripts never named their file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mapper.analyze.examples import ProjectScope
from mapper.app import MapConfig, build_analysis, build_map
from mapper.render.sections.entry_points import entry_section
from mapper.render.tokens import count_tokens
from repos import write_tree


def _block(root: Path, budget: int) -> str:
    return build_map(root, MapConfig(budget=budget))[1].block


def _section(block: str, title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |<!-- claude-map:end)", block, re.M | re.S)
    return match.group(1) if match else ""


# --- 1. docs full of example apps -------------------------------------------------------

def _framework_with_tutorials(root: Path, tutorials: int = 24) -> Path:
    files = {
        "pyproject.toml": '[project]\nname = "webkit"\n',
        "webkit/__init__.py": '"""A tiny web framework."""\nfrom webkit.app import App\nfrom webkit.routing import Router\n',
        "webkit/app.py": "from webkit.routing import Router\n\n\nclass App:\n    def __init__(self):\n"
                         "        self.router = Router()\n",
        "webkit/routing.py": "class Router:\n    def add(self, path, handler):\n        return (path, handler)\n",
        "webkit/params.py": "def Query(default=None):\n    return default\n\n\ndef Body(default=None):\n    return default\n",
        "webkit/security.py": "from webkit.params import Query\n\n\ndef api_key(name):\n    return Query(name)\n",
        "webkit/encoders.py": "def jsonable(value):\n    return value\n",
    }
    for n in range(tutorials):
        files[f"docs_src/topic{n // 4}/tutorial{n:03d}.py"] = (
            "from flask import Flask\nfrom webkit import App\nfrom webkit.params import Query\n\n"
            f"app = Flask(__name__)\nkit = App()\n\n\n@app.get('/items{n}/<item_id>')\n"
            f"def read_item{n}(item_id):\n    return Query(item_id)\n"
        )
    return write_tree(root, files)


def test_examples_area_is_found_by_structure_not_by_name(tmp_path):
    root = _framework_with_tutorials(tmp_path)
    areas = build_analysis(root).analysis.example_areas
    assert [a.path for a in areas] == ["docs_src"]
    assert areas[0].programs == 24


def test_docs_full_of_example_apps_do_not_bury_the_framework(tmp_path):
    root = _framework_with_tutorials(tmp_path, tutorials=40)
    block = _block(root, 900)
    layout = _section(block, "Layout")
    assert layout.startswith("- `webkit/`"), layout
    assert "`docs_src/` 40 (examples)" in layout
    roles = _section(block, "Module roles")
    for name in ("app", "routing", "params", "security", "encoders"):
        assert f"{name}" in roles and "webkit/" in roles
    # The 40 tutorial apps are one row, not forty.
    entries = _section(block, "Entry points")
    assert len(re.findall(r"^- web app", entries, re.M)) <= 1, entries


def test_a_package_own_plugin_folder_is_not_an_examples_area(tmp_path):
    # sphinx/ext/*: modules nothing imports (loaded by name) that import their own
    # package. Inside the package they import, so they are the project's code.
    files = {"plug/__init__.py": "", "plug/core.py": "def register(x):\n    return x\n"}
    for n in range(12):
        files[f"plug/ext/mod{n}.py"] = "from plug.core import register\n\n\ndef setup(app):\n    register(app)\n"
    root = write_tree(tmp_path, files)
    assert build_analysis(root).analysis.example_areas == ()


# --- 2. workspaces ---------------------------------------------------------------------

def _workspace(root: Path, packages: int = 6) -> Path:
    files = {"package.json": json.dumps({"name": "mono", "private": True, "workspaces": ["packages/*"]})}
    for n in range(packages):
        manifest = {"name": f"@mono/p{n}", "main": "./dist/index.cjs", "module": "./dist/index.mjs",
                    "types": "./dist/index.d.ts",
                    "exports": {".": {"types": "./dist/index.d.ts", "import": "./dist/index.mjs",
                                      "require": "./dist/index.cjs"}}}
        files[f"packages/p{n}/package.json"] = json.dumps(manifest, indent=2)
        files[f"packages/p{n}/src/index.ts"] = f"export function run{n}(): number {{\n  return {n};\n}}\n"
    files["packages/nosrc/package.json"] = json.dumps({"name": "@mono/nosrc", "main": "./lib/main.js"})
    return write_tree(root, files)


def test_workspace_packages_get_one_row_each_pointing_at_source(tmp_path):
    root = _workspace(tmp_path)
    entries = build_analysis(root).analysis.entry_points
    by_package = {e.name: e for e in entries}
    assert len(entries) == len(by_package) == 7
    for n in range(6):
        assert by_package[f"@mono/p{n}"].target == f"packages/p{n}/src/index.ts"
    assert "build output" in by_package["@mono/nosrc"].target
    block = _block(root, 3000)
    assert "dist/" not in block and "lib/main.js" not in block


# --- 3. flat Go packages ---------------------------------------------------------------

def _go_packages(root: Path) -> Path:
    files = {"go.mod": "module example.com/flat\n\ngo 1.22\n"}
    for n in range(10):
        files[f"util/u{n}.go"] = f"package util\n\n// Helper{n} does a thing.\nfunc Helper{n}() int {{ return {n} }}\n"
    for name in ("api", "store", "jobs"):
        files[f"{name}/{name}.go"] = (
            f'package {name}\n\nimport "example.com/flat/util"\n\nfunc Use{name.title()}() int {{ return util.Helper0() }}\n'
        )
    return write_tree(root, files)


def test_files_of_one_go_package_share_one_key_module_row(tmp_path):
    root = _go_packages(tmp_path)
    modules = _section(_block(root, 3000), "Key modules")
    assert len(re.findall(r"\(in 3, out 0\)", modules)) == 0, modules
    row = next(line for line in modules.splitlines() if line.startswith("- util/"))
    assert "(package, 10 files, in 3)" in row
    for n in range(10):
        assert f"util/u{n}.go Helper{n}" in row


# --- 4. small repositories use their budget -------------------------------------------

def test_small_repository_block_grows_with_the_budget(tmp_path):
    names = [f"operation_{n:02d}" for n in range(20)]
    files = {"calc/__init__.py": "", "calc/ops.py": "".join(f"def {n}(x):\n    return x\n\n\n" for n in names)}
    files["calc/use.py"] = "from calc.ops import " + ", ".join(names) + "\n"
    for n in range(8):
        files[f"calc/mod{n}.py"] = f"from calc import ops\n\n\ndef thing{n}():\n    return ops.{names[n]}(1)\n"
    root = write_tree(tmp_path, files)
    small, large = _block(root, 300), _block(root, 4000)
    assert count_tokens(large) > count_tokens(small)
    # Every public function of the file with the most, once the budget allows.
    assert all(name in large for name in names)


def test_spare_budget_names_example_programs_only_once_own_files_fit(tmp_path):
    # bubbletea: fixes land in its example programs, which the map named six of while
    # half the budget went unused.
    files = {"go.mod": "module example.com/tea\n",
             "tea.go": "package tea\n\nfunc NewProgram() int { return 1 }\n"}
    for n in range(30):
        files[f"examples/demo{n:02d}/main.go"] = (
            'package main\n\nimport "example.com/tea"\n\nfunc main() { tea.NewProgram() }\n')
    root = write_tree(tmp_path, files)
    roomy = _block(root, 3000)
    listed = _section(roomy, "Example programs")
    assert all(f"demo{n:02d}/main" in roomy for n in range(30)), roomy
    assert "demo" in listed
    # A tight budget spends nothing on them: they get only what every other section
    # leaves, so they come in after Dependencies, the least of the others.
    shown = []
    for budget in range(230, 400, 10):
        block = _block(root, budget)
        if "## Example programs" in block:
            assert "## Dependencies between areas" in block, block
        shown.append("## Example programs" in block)
    assert not shown[0] and shown[-1], shown


def test_example_programs_come_before_a_files_twentieth_name(tmp_path):
    # bubbletea again: once files could carry dozens of names, Key modules took the
    # budget the example programs had (named fixed files 48 -> 43 of 48 at 2k).
    api = "package tea\n\n" + "".join(f"func (p *Program) Method{n:03d}() int {{ return {n} }}\n" for n in range(150))
    files = {"go.mod": "module example.com/tea\n", "tea.go": "package tea\n\ntype Program struct{}\n",
             "program.go": api}
    for n in range(30):
        files[f"examples/demo{n:02d}/main.go"] = (
            'package main\n\nimport "example.com/tea"\n\nfunc main() { tea.NewProgram() }\n')
    block = _block(write_tree(tmp_path, files), 1000)
    assert all(f"demo{n:02d}/main" in block for n in range(30)), block
    assert "Method005" in block


def test_own_files_are_named_largest_first_across_roles_when_not_all_fit(tmp_path):
    # exposed: every role was cut to the same few names, so a role of 16 files was
    # listed almost whole while one of 160 showed a dozen.
    files = {f"core/engine_{n:03d}.py": "def step():\n    return 1\n" * (40 + n) for n in range(300)}
    files.update({f"config/settings_{n:02d}.py": "import os\nVALUE = os.environ.get('X')\n" for n in range(30)})
    files.update({f"utils/helper_{n:02d}.py": "def helper():\n    return 2\n" for n in range(30)})
    root = write_tree(tmp_path, files)
    roles = _section(_block(root, 900), "Module roles")
    core = next(line for line in roles.splitlines() if "core / domain" in line)
    named_core = len(re.findall(r"engine_\d+", core))
    assert named_core > 60, roles
    # Each smaller role still names its largest file.
    assert "config/settings_" in roles and "utils/helper_" in roles
    # The largest files come first.
    assert "engine_299" in core and "engine_000" not in core


# --- 5. entries name their file --------------------------------------------------------

def test_console_script_names_the_file_it_starts_in(tmp_path):
    root = write_tree(tmp_path, {
        "pyproject.toml": '[project]\nname = "tool"\n[project.scripts]\ntool = "pkg.cmdline:execute"\n',
        "pkg/__init__.py": "",
        "pkg/cmdline.py": "def execute():\n    return 0\n",
    })
    entries = _section(_block(root, 2000), "Entry points")
    assert "`tool` -> pkg/cmdline.py:execute" in entries


# --- the budget cannot starve file names ------------------------------------------------

def test_many_entry_points_and_commands_cannot_starve_the_file_listing(tmp_path):
    files = {f"core/module_{n:03d}.py": f"def work_{n}():\n    return {n}\n" for n in range(300)}
    workflow = "on: push\njobs:\n" + "".join(f"  job{n}:\n    runs-on: x\n    steps:\n      - run: make t{n}\n"
                                             for n in range(60))
    files[".github/workflows/ci.yml"] = workflow
    files["Makefile"] = "".join(f"t{n}:\n\techo {n}\n" for n in range(60))
    for n in range(40):
        files[f"cmd/tool{n}/main.go"] = "package main\n\nfunc main() {}\n"
    files["go.mod"] = "module example.com/x\n"
    block = _block(write_tree(tmp_path, files), 2000)
    own = _section(block, "Module roles") + _section(block, "Key modules")
    assert count_tokens(own) >= 0.45 * 2000, count_tokens(own)


def test_files_one_file_includes_line_by_line_are_no_package(tmp_path):
    # lua's onelua.c #includes every .c file, one line each: they had become one
    # "(package, 34 files, in 1)" row, as if an import reached them together.
    files = {f"l{n}.c": f"int l{n}_run(int x) {{ return x + {n}; }}\n" for n in range(5)}
    files["onelua.c"] = "".join(f'#include "l{n}.c"\n' for n in range(5)) + "int main(void) { return l0_run(0); }\n"
    modules = _section(_block(write_tree(tmp_path, files), 3000), "Key modules")
    assert "(package" not in modules, modules


def test_a_c_project_sources_are_not_an_examples_area(tmp_path):
    # libuv: no .c file is ever included, and src/*.c include include/uv.h from another
    # top-level folder; without entry points of their own they are the project's code.
    files = {"include/uv.h": "int uv_run(void);\nint uv_loop_init(void);\n"}
    for n in range(14):
        files[f"src/part{n}.c"] = f'#include "../include/uv.h"\nint uv_part{n}(void) {{ return uv_run(); }}\n'
    root = write_tree(tmp_path, files)
    assert build_analysis(root).analysis.example_areas == ()


def test_a_wrapping_module_gives_way_to_the_classes_and_methods_it_holds(tmp_path):
    # sinatra: `module Sinatra` around every class left each Key modules row saying
    # only "Sinatra", while the file defines Request, Response and Base with methods.
    base = ("module Sinatra\n  class Request\n    def accept\n      []\n    end\n  end\n\n"
            "  class Base\n    def route(verb, path)\n      [verb, path]\n    end\n\n"
            "    def self.get(path)\n      route('GET', path)\n    end\n  end\nend\n")
    root = write_tree(tmp_path, {
        "lib/app/base.rb": base,
        "lib/app.rb": "require_relative 'app/base'\n",
        "lib/app/main.rb": "require_relative 'base'\n",
    })
    modules = _section(_block(root, 3000), "Key modules")
    row = next(line for line in modules.splitlines() if "lib/app/base.rb" in line)
    assert "Request" in row and "Base" in row and "Base.route" in row, modules
    assert "Sinatra" not in row


def test_a_type_and_its_impl_block_are_named_once(tmp_path):
    # serde's fragment.rs read "Fragment, Expr, Stmts, Match, quote_expr, Expr, Stmts, Match":
    # each `impl ToTokens for Expr` block came back as a private name.
    lib = ("pub struct Expr(u8);\npub struct Stmts(u8);\n\n"
           "impl Clone for Expr {\n    fn clone(&self) -> Self { Expr(self.0) }\n}\n\n"
           "impl Clone for Stmts {\n    fn clone(&self) -> Self { Stmts(self.0) }\n}\n\n"
           "pub fn quote_expr(e: &Expr) -> u8 { e.0 }\n")
    root = write_tree(tmp_path, {
        "Cargo.toml": '[package]\nname = "frag"\nversion = "0.1.0"\n',
        "src/lib.rs": "pub mod fragment;\n",
        "src/fragment.rs": lib,
    })
    modules = _section(_block(root, 3000), "Key modules")
    row = next(line for line in modules.splitlines() if "src/fragment.rs" in line)
    names = [n.strip() for n in row.split(":", 1)[1].split(" - ")[0].split(",")]
    assert names.count("Expr") == 1 and names.count("Stmts") == 1, row


# --- symbols where the code is: file size, private methods, banners ---------------------

def _one_big_file_and_many_small(root: Path) -> Path:
    # fzf: src/terminal.go (6,000 lines) got the same six names as a 40-line file, and
    # most fixes land in it.
    big = "".join(f"def feature_{n:02d}(x):\n" + "    x += 1\n" * 12 + "    return x\n\n\n" for n in range(60))
    files = {"app/__init__.py": "", "app/engine.py": big}
    for n in range(12):
        files[f"app/small{n:02d}.py"] = (
            "from app import engine\n\n\n"
            + "".join(f"def helper{n}_{k}(x):\n    return engine.feature_{k:02d}(x)\n\n\n" for k in range(30)))
    return write_tree(root, files)


def _key_module_rows(block: str) -> dict[str, str]:
    return {line.split(" ", 2)[1]: line for line in _section(block, "Key modules").splitlines()
            if line.startswith("- ")}


def test_a_large_file_names_more_of_its_api_than_a_small_one(tmp_path):
    root = _one_big_file_and_many_small(tmp_path)
    for budget in (900, 1200):
        rows = _key_module_rows(_block(root, budget))
        # Every file keeps its row: the big file's names come out of the others' share.
        assert sum(p.startswith("app/small") for p in rows) == 12, rows
        big = rows["app/engine.py"].count("feature_")
        small = max(rows[p].count("helper") for p in rows if p.startswith("app/small"))
        assert 0 < small and big >= 2 * small, rows


def test_private_methods_of_a_type_reach_a_rich_map(tmp_path):
    # fzf's Terminal keeps its features in private methods (printHeader, renderPreview).
    terminal = ("package tui\n\ntype Terminal struct{ rows int }\n\n"
                "func NewTerminal() *Terminal { return &Terminal{} }\n\n"
                "func (t *Terminal) printHeader() int { return t.rows }\n\n"
                "func (t *Terminal) renderPreview() int { return t.rows + 1 }\n")
    root = write_tree(tmp_path, {"go.mod": "module example.com/tui\n", "terminal.go": terminal,
                             "main.go": "package tui\n\nfunc Run() *Terminal { return NewTerminal() }\n"})
    modules = _section(_block(root, 3000), "Key modules")
    assert "Terminal.printHeader" in modules and "Terminal.renderPreview" in modules, modules


@pytest.mark.parametrize("path, source", [
    # monolog: 18 `.__construct` at 3k; puma: 22 `.initialize`; leaflet `LayerGroup.initialize`.
    ("src/Formatter.php", "<?php\nnamespace App;\n\nclass Formatter\n{\n"
     "    public function __construct() {}\n    public function normalizeRecord($r) { return $r; }\n}\n"),
    ("lib/formatter.rb", "class Formatter\n  def initialize\n  end\n\n  def normalize_record(r)\n    r\n  end\nend\n"),
    ("src/formatter.js", "export class Formatter {\n  constructor() {}\n  normalizeRecord(r) { return r; }\n}\n"),
    ("app/formatter.py", "class Formatter:\n    def __init__(self):\n        pass\n\n"
     "    def normalize_record(self, r):\n        return r\n"),
])
def test_constructors_are_not_among_a_types_names(tmp_path, path, source):
    root = write_tree(tmp_path, {path: source})
    modules = _section(_block(root, 3000), "Key modules")
    assert "Formatter.normalize" in modules, modules
    assert not any(f"Formatter.{name}" in modules for name in ("__construct", "initialize", "constructor", "__init__")), modules


def test_a_types_methods_come_most_called_first(tmp_path):
    # jsoup's Element listed `hasAttributes, attributes, baseUri...` in declaration order
    # and leaflet's `setZIndex` was cut: the methods the project calls come first.
    rare = "".join(f"    def rare_{n}(self):\n        return {n}\n\n" for n in range(30))
    raising = "".join(f"    def raise_{n}(self):\n        return self.set_z_index({n})\n\n" for n in range(3))
    layer = f"class Layer:\n{rare}    def set_z_index(self, z):\n        return z\n\n{raising}"
    root = write_tree(tmp_path, {"app/__init__.py": "", "app/layer.py": layer,
                             "app/main.py": "from app.layer import Layer\n\nLAYER = Layer()\n"})
    modules = _section(_block(root, 3000), "Key modules")
    row = next(line for line in modules.splitlines() if "app/layer.py" in line)
    assert row.index("Layer.set_z_index") < row.index("Layer.rare_0"), row


def test_key_modules_take_the_largest_files_in_turn_with_the_most_central(tmp_path):
    # prometheus: promql/engine.go (4,951 lines, where fixes land) had no Key modules row
    # even at 4k, behind small hubs that everything imports.
    engine = "".join(f"def evaluate_{n:02d}(x):\n" + "    x += 1\n" * 20 + "    return x\n\n\n" for n in range(40))
    files = {"app/__init__.py": "", "app/engine.py": engine, "app/main.py": "from app import engine\n"}
    for n in range(30):
        files[f"app/hub{n:02d}.py"] = f"def util_{n}(x):\n    return x\n"
    for n in range(30):  # each hub has its own importers, so none is a package unit
        files[f"app/user{n:02d}.py"] = "".join(f"from app.hub{k:02d} import util_{k}\n"
                                               for k in range(30) if (k - n) % 30 < 20)
    root = write_tree(tmp_path, files)
    rows = list(_key_module_rows(_block(root, 1500)))
    assert "app/engine.py" in rows[:3], rows


def test_key_module_rows_come_in_small_steps_so_the_budget_is_used(tmp_path):
    # jsoup at 3k stopped at 2,480 tokens: Key modules went from 40 rows (2,117 tokens)
    # straight to 26 (1,342), and the 520 tokens between were left unused.
    files = {"app/__init__.py": "", "app/main.py": "".join(f"from app import part{n:02d}\n" for n in range(60))}
    for n in range(60):
        files[f"app/part{n:02d}.py"] = "".join(f"def feature_{n}_{k}(x):\n    return x + {k}\n\n\n" for k in range(5))
    root = write_tree(tmp_path, files)
    unused = {budget: budget - build_map(root, MapConfig(budget=budget))[1].tokens for budget in range(700, 1500, 50)}
    # Steps of a fifth of the rows: 314 tokens were left at 1,450 with steps of a third.
    assert max(unused.values()) <= 200, unused


def test_a_comment_many_files_share_is_no_summary(tmp_path):
    # nlohmann/json: every header opens with "JSON for Modern C++ version 3.11.3", which
    # was each Key modules row's summary.
    banner = "//     __ _____ _____ _____\n// JSON for Modern C++ version 3.11.3\n\n"
    files = {f"include/lib/part{n}.hpp": f"{banner}#pragma once\nint part{n}(int x);\n" for n in range(4)}
    files["include/lib/all.hpp"] = ("// Everything at once: the single header.\n"
                                    + "".join(f'#include "part{n}.hpp"\n' for n in range(4)))
    block = _block(write_tree(tmp_path, files), 3000)
    assert "Modern C++" not in block, block
    assert "Everything at once" in block, block


def test_tutorials_in_many_example_areas_under_one_folder_are_one_entry_row(tmp_path):
    # typer: 18 topic folders of docs_src/ are examples by their structure, and docs_src/
    # by its name (the package imports one helper from it, one file of 43); their
    # __main__ blocks took up to 40 rows.
    files = {
        "pyproject.toml": '[project]\nname = "clikit"\n',
        "clikit/__init__.py": "from docs_src.shared.colors import RED\n\n\ndef run(f):\n    return f()\n",
        "docs_src/__init__.py": "", "docs_src/shared/__init__.py": "",
        "docs_src/shared/colors.py": "RED = 1\n",
    }
    for topic in range(10):
        for n in range(4):
            files[f"docs_src/topic{topic}/tutorial{n:03d}.py"] = (
                "import clikit\n\n\ndef main():\n    return 1\n\n\n"
                "if __name__ == '__main__':\n    clikit.run(main)\n")
    root = write_tree(tmp_path, files)
    areas = [a.path for a in build_analysis(root).analysis.example_areas]
    assert areas == ["docs_src"], areas
    entries = _section(_block(root, 700), "Entry points")
    rows = [line for line in entries.splitlines() if "docs_src/" in line]
    assert len(rows) == 1 and "40 in `docs_src/`" in rows[0], entries


def test_subcommands_of_example_programs_are_sampled_like_their_routes(tmp_path):
    # typer: 73 tutorial apps each declared a subcommand or two, one row per file.
    cli = ("import click\n\n\n@click.group()\ndef cli():\n    pass\n\n\n"
           "@cli.command()\ndef deploy():\n    pass\n")
    files = {"pyproject.toml": '[project]\nname = "tool"\n[project.scripts]\ntool = "tool.cli:cli"\n',
             "tool/__init__.py": "", "tool/cli.py": cli}
    for n in range(8):
        files[f"examples/app{n}/main.py"] = (
            "import click\nimport tool.cli\n\n\n@click.group()\ndef cli():\n    pass\n\n\n"
            f"@cli.command()\ndef action{n}():\n    pass\n\n\nif __name__ == '__main__':\n    cli()\n")
    section = _section(_block(write_tree(tmp_path, files), 3000), "Entry points")
    subcommands = section.split("### CLI subcommands", 1)[1]
    assert "tool/cli.py: deploy" in subcommands, section
    assert len(re.findall(r"^- examples/", subcommands, re.M)) == 1, section


def test_an_examples_folder_is_named_in_any_case_and_one_the_project_uses_is_its_code(tmp_path):
    # Polly's src/Snippets/ (PascalCase) holds documentation snippets; Catch2's
    # src/catch2/benchmark/ is the library's benchmarking API, which its headers include.
    files = {
        "pyproject.toml": '[project]\nname = "lib"\n',
        "src/lib/__init__.py": "from lib.benchmark.runner import measure\nfrom lib.benchmark.stats import mean\n",
        "src/lib/core.py": "from lib.benchmark.runner import measure\n\n\ndef work():\n    return measure(1)\n",
        "src/lib/benchmark/__init__.py": "",
        "src/lib/benchmark/runner.py": "from lib.benchmark.stats import mean\n\n\ndef measure(x):\n    return mean(x)\n",
        "src/lib/benchmark/stats.py": "def mean(x):\n    return x\n",
        "src/lib/benchmark/clock.py": "def now():\n    return 0\n",
        "src/Snippets/Retry.py": "from lib.core import work\n\n\ndef retry():\n    return work()\n",
        "src/Snippets/Timeout.py": "from lib.core import work\n\n\ndef timeout():\n    return work()\n",
    }
    analysis = build_analysis(write_tree(tmp_path, files)).analysis
    scope = ProjectScope.of(analysis.roles, analysis.example_areas)
    assert scope.is_example("src/Snippets/Retry.py") and scope.is_example("src/Snippets/Timeout.py")
    assert not any(scope.is_example(f"src/lib/benchmark/{name}.py") for name in ("runner", "stats", "clock"))
    roles = _section(_block(tmp_path, 3000), "Module roles")
    assert "examples / demos (2): src/Snippets/{Retry,Timeout}.py" in roles, roles


def test_a_workspace_package_named_demo_that_nothing_uses_is_an_examples_area(tmp_path):
    # rayon's rayon-demo/ crate (publish = false) was core / domain, second in Layout.
    files = {
        "Cargo.toml": '[package]\nname = "acme"\n\n[dependencies]\nacme-bench-api = { path = "acme-bench-api" }\n\n'
        '[workspace]\nmembers = ["acme-demo", "acme-bench-api"]\n',
        "src/lib.rs": "pub use acme_bench_api::measure;\n\npub fn run() -> u32 {\n    measure(1)\n}\n",
        "acme-bench-api/Cargo.toml": '[package]\nname = "acme-bench-api"\n',
        "acme-bench-api/src/lib.rs": "pub fn measure(x: u32) -> u32 {\n    x\n}\n",
        "acme-demo/Cargo.toml": '[package]\nname = "acme-demo"\npublish = false\n\n[dependencies]\nacme = { path = ".." }\n',
        "acme-demo/src/main.rs": "mod life;\n\nfn main() {\n    life::run();\n}\n",
        "acme-demo/src/life.rs": "pub fn run() -> u32 {\n    acme::run()\n}\n",
    }
    analysis = build_analysis(write_tree(tmp_path, files)).analysis
    assert [a.path for a in analysis.example_areas] == ["acme-demo"]
    layout = _section(_block(tmp_path, 3000), "Layout")
    assert "`acme-demo/` 2 (examples)" in layout, layout


def test_large_files_that_define_nothing_take_no_key_module_rows(tmp_path):
    # rich's _unicode_data/unicode*.py: fourteen generated width tables, the largest
    # files of the package, had fourteen bare "(in 0, out 1)" rows by size.
    table = "from pkg.cells import CellTable\n\ncell_table = CellTable(\n" + "    (1, 2, 3),\n" * 400 + ")\n"
    files = {f"pkg/data/table{n}.py": table for n in range(6)}
    files["pkg/data/__init__.py"] = ""
    files["pkg/cells.py"] = "class CellTable:\n    def __init__(self, rows):\n        self.rows = rows\n"
    files["pkg/__init__.py"] = "".join(f"from pkg.mod{n} import feature{n}\n" for n in range(8))
    for n in range(8):
        files[f"pkg/mod{n}.py"] = (f"from pkg.cells import CellTable\n\n\ndef feature{n}(rows):\n"
                                   + "    rows = list(rows)\n" * (10 + n) + "    return CellTable(rows)\n")
    root = write_tree(tmp_path, files)
    rows = [line for line in _section(_block(root, 600), "Key modules").splitlines() if line.startswith("- ")]
    own = [i for i, row in enumerate(rows) if "/mod" in row]
    tables = [i for i, row in enumerate(rows) if "/data/table" in row]
    assert len(own) == 8, rows
    assert not tables or min(tables) > max(own), rows


def test_a_couple_of_test_files_show_where_tests_live(tmp_path):
    # flysystem's FilesystemTest.php sits beside Filesystem.php: six test files named
    # in a row took their code's words and outranked it; two show the convention.
    files = {f"src/Adapter{n}.php": f"<?php\nnamespace Acme;\n\nclass Adapter{n}\n{{\n    public function write() {{}}\n}}\n"
             for n in range(4)}
    files |= {f"src/Adapter{n}Test.php": f"<?php\nnamespace Acme;\n\nclass Adapter{n}Test\n{{\n    public function testWrite() {{}}\n}}\n"
              for n in range(4)}
    roles = _section(_block(write_tree(tmp_path, files), 3000), "Module roles")
    tests = next(line for line in roles.splitlines() if line.startswith("- tests"))
    assert len(re.findall(r"Adapter\dTest", tests)) == 2, tests
    assert "+2 more" in tests, tests


def _library_with_examples(root: Path) -> Path:
    files = {"lib/__init__.py": "", "lib/core.py": "from support import util\n\n\ndef run():\n    return util.helper()\n",
             "support/__init__.py": "", "support/util.py": "def helper():\n    return 1\n"}
    for n in range(12):
        files[f"examples/demo{n}.py"] = ("from lib import core\nfrom support import util\n\n\n"
                                         "if __name__ == '__main__':\n    core.run()\n    util.helper()\n")
    return write_tree(root, files)


def test_dependencies_list_the_projects_own_areas_first(tmp_path):
    # hyper: "examples -> src (18), benches (16), ..." was the first row, being the heaviest.
    section = _section(_block(_library_with_examples(tmp_path), 3000), "Dependencies between areas")
    rows = [r for r in section.splitlines() if r.startswith("- ")]
    assert [r.split(" -> ")[0] for r in rows] == ["- lib", "- examples"], rows


def test_entry_points_that_are_all_secondary_keep_one_row(tmp_path):
    # hyper's entry points are its examples' mains and CI jobs: at 3k the section was
    # "19 more entry points" and nothing else.
    analysis = build_analysis(_library_with_examples(tmp_path)).analysis
    section = entry_section(analysis, ProjectScope.of(analysis.roles, analysis.example_areas))
    # What the section keeps while every other one shrinks (render.budget's primary).
    kept = section.variants[section.primary]
    assert [row.text.split(",")[0] for row in kept.rows] == ["12 in `examples/`"], kept


def test_layout_names_sub_directories_where_a_deep_package_tree_branches(tmp_path):
    # jackson-core's src/main/ holds only java/: "sub-dirs: src/main/java/ (135)" said
    # nothing; its packages are four folders further down.
    base = "src/main/java/com/acme/core"
    files = {f"{base}/{pkg}/Part{n}.java": f"package com.acme.core.{pkg};\n\npublic class Part{n} {{}}\n"
             for pkg in ("io", "json", "util") for n in range(15)}
    layout = _section(_block(write_tree(tmp_path, files), 3000), "Layout")
    assert f"  - sub-dirs of {base}/: io/ (15), json/ (15), util/ (15)" in layout.splitlines(), layout


def test_a_type_stub_beside_its_module_takes_no_key_module_row(tmp_path):
    # attrs ships _make.pyi beside _make.py (and ten more): the stub's row repeated the
    # module's names. A stub with no module beside it is the only place they are.
    source = "def evolve(inst, **changes):\n    return inst\n\n\ndef fields(cls):\n    return cls\n"
    stub = "def evolve(inst, **changes): ...\ndef fields(cls): ...\n"
    root = write_tree(tmp_path, {"pkg/__init__.py": "from pkg._make import evolve, fields\n",
                                 "pkg/_make.py": source, "pkg/_make.pyi": stub,
                                 "pkg/_compat.pyi": "def get_base(cls): ...\n"})
    modules = _section(_block(root, 3000), "Key modules")
    assert "pkg/_make.py (" in modules and "pkg/_make.pyi (" not in modules, modules
    assert "pkg/_compat.pyi (" in modules, modules


def test_side_effects_name_symbols_under_the_files_namespace(tmp_path):
    # sidekiq: "Sidekiq.Launcher.check_rtt" where Key modules says "Launcher": every
    # Ruby symbol paid for the `module Sidekiq` around its file.
    root = write_tree(tmp_path, {"lib/tool/launcher.rb": (
        "module Tool\n  class Launcher\n    def check_rtt\n      Process.clock_gettime(Process::CLOCK_MONOTONIC)\n"
        "    end\n  end\nend\n")})
    effects = _section(_block(root, 2000), "Side effects")
    assert "lib/tool/launcher.rb Launcher.check_rtt [" in effects, effects
