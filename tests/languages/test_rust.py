"""Rust support: use trees, module trees, workspaces, binaries and cargo commands.

The fixture checks run the stages directly (discover -> extract -> resolve) so a
failure names the stage that broke; tests/test_fixtures.py checks the whole analysis.
"""

from __future__ import annotations

import pytest

from mapper.discover import discover_files
from mapper.languages.rust import bind_import
from mapper.model import ImportSite

from stages import (
    build_stages, effect_line_details, expected_import_sets, import_sets,
)
from repos import FIXTURES, write_tree

LANGUAGE = "rust"
DEFAULT_PATH = "src/lib.rs"  # where source_facts puts a source text


def _edges(resolved, importer: str) -> set[tuple[int, str]]:
    item = next(r for r in resolved if r.path == importer)
    return {(e.line, e.target or f"external:{e.external}") for e in item.imports}


# --- extraction ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "sites"),
    [
        ("use std::process::Command;", {("std::process", "Command", None, "use")}),
        ("use regex;", {("regex", None, None, "use")}),
        ("use regex as re;", {("regex", None, "re", "use")}),
        ("use ::regex::Regex;", {("::regex", "Regex", None, "use")}),
        ("use std::io::Write as W;", {("std::io", "Write", "W", "use")}),
        ("use super::*;", {("super", None, None, "glob")}),
        ("use crate::a::*;", {("crate::a", None, None, "glob")}),
        (
            "use std::{env, io::Write, fs::File as F, self as s, prelude::*, *};",
            {
                ("std", "env", None, "use"), ("std", "io::Write", None, "use"),
                ("std", "fs::File", "F", "use"), ("std", "self", "s", "use"),
                ("std", "prelude", None, "glob"), ("std", None, None, "glob"),
            },
        ),
        ("use std::fs::{self, File};", {("std::fs", "self", None, "use"), ("std::fs", "File", None, "use")}),
        # A group inside a group is one site for its module (documented gap).
        (
            "use crate::{config::{Config, load}, cli};",
            {("crate", "config", None, "use_group"), ("crate", "cli", None, "use")},
        ),
        ("use {alpha, beta::Gamma};", {("alpha", None, None, "use"), ("beta", "Gamma", None, "use")}),
        ("mod config;", {("config", None, None, "mod")}),
        ("extern crate serde;", {("serde", None, None, "extern_crate")}),
        ("extern crate foo as bar;", {("foo", None, "bar", "extern_crate")}),
    ],
)
def test_use_trees_give_one_site_per_leaf(code, sites, source_facts):
    found = {(s.source, s.name, s.alias, s.kind) for s in source_facts(code + "\n").imports}
    assert found == sites


def test_each_leaf_of_a_multiline_group_keeps_its_line(source_facts):
    facts = source_facts("use crate::{\n    config::Config,\n    store::Store,\n};\n")
    assert {(s.line, s.name) for s in facts.imports} == {(2, "config::Config"), (3, "store::Store")}


DEFINITIONS = '''//! Shapes and their areas.
//! Second line.

pub struct Circle { r: f64 }
enum Kind { A, B }
pub trait Shape { fn area(&self) -> f64; fn name(&self) -> &str { "shape" } }
type Result<T> = std::result::Result<T, String>;
macro_rules! square { ($x:expr) => { $x * $x } }
impl Circle {
    pub fn new(r: f64) -> Self { Circle { r } }
}
impl<T> std::fmt::Display for Wrapper<T> { fn fmt(&self) {} }
pub(crate) fn helper() {}
static mut COUNTER: u32 = 0;
fn main() {}
#[cfg(test)]
mod tests { fn it_works() {} }
'''


def test_definitions_with_impl_methods_qualified_by_type(source_facts):
    found = {(d.qualname, d.kind, d.public) for d in source_facts(DEFINITIONS).definitions}
    assert {
        ("Circle", "struct", True), ("Kind", "enum", False), ("Shape", "trait", True),
        ("Shape.area", "method", True), ("Shape.name", "method", True), ("Result", "type", False),
        ("square", "macro", False), ("Circle", "impl", False), ("Circle.new", "method", True),
        ("Wrapper", "impl", False), ("Wrapper.fmt", "method", False), ("helper", "function", True),
        ("main", "function", False), ("tests", "module", False),
    } <= found


def test_markers_and_inner_doc_summary(source_facts):
    facts = source_facts(DEFINITIONS)
    assert {(m.kind, m.name, m.line) for m in facts.markers} == {
        ("global_write", "COUNTER", 14), ("main_func", "", 15),
    }
    assert facts.summary == "Shapes and their areas."
    assert source_facts("/*! Block docs. */\nfn f() {}\n").summary == "Block docs."
    assert source_facts("/// Outer docs belong to the item.\nfn f() {}\n").summary is None


CALLS = '''fn main() {
    let out = Command::new("ls").arg("-l").output();
    let home = std::env::var("HOME");
    let raw = open(r"C:\\raw");
    let v = Vec::<u8>::new();
    self.client.get(url);
    sqlx::query!("SELECT 1");
}
use std::process::Command;
use sqlx;
fn open(path: &str) {}
'''


def test_calls_use_dots_for_path_separators(source_facts):
    calls = {(c.line, c.callee, c.arg) for c in source_facts(CALLS).calls}
    assert {
        (2, "Command.new", "ls"), (3, "std.env.var", "HOME"), (4, "open", "C:\\raw"),
        (6, "self.client.get", None), (7, "sqlx.query", "SELECT 1"),
    } <= calls
    # Calls on unknown receivers that no table names are dropped at extraction.
    assert not {c for c in calls if c[1] in ("?.arg", "?.output", "?.new")}


def test_invalid_code_still_gives_the_facts_before_the_error(source_facts):
    facts = source_facts('use std::fs;\n\nfn main() {\n    fs::write("a", "b");\n    let x = {{{;\n')
    assert facts.error_count == 1
    assert [(s.source, s.name) for s in facts.imports] == [("std", "fs")]
    assert any(c.callee == "fs.write" for c in facts.calls)


# --- bindings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "binding"),
    [
        (ImportSite(1, "std::process", "Command", kind="use"), ("Command", "std.process.Command")),
        (ImportSite(1, "std::io", "Write", "W", kind="use"), ("W", "std.io.Write")),
        (ImportSite(1, "std::fs", "self", kind="use"), ("fs", "std.fs")),
        (ImportSite(1, "std", "self", "s", kind="use"), ("s", "std")),
        (ImportSite(1, "notes_core", "config::Config", kind="use"), ("Config", "notes_core.config.Config")),
        (ImportSite(1, "::regex", "Regex", kind="use"), ("Regex", "regex.Regex")),
        (ImportSite(1, "crate::config", "Config", kind="use"), ("Config", "crate.config.Config")),
        (ImportSite(1, "regex", kind="use"), ("regex", "regex")),
        (ImportSite(1, "foo", alias="bar", kind="extern_crate"), ("bar", "foo")),
    ],
)
def test_use_binds_the_leaf_or_its_alias(site, binding):
    result = bind_import(site)
    assert (result.local, result.qualified) == binding


@pytest.mark.parametrize("kind", ["glob", "use_group"])
def test_globs_and_nested_groups_bind_nothing(kind):
    assert bind_import(ImportSite(1, "std", "io", kind=kind)) is None


def test_mod_binds_its_own_name_so_calls_through_it_resolve():
    binding = bind_import(ImportSite(3, "report", kind="mod"))
    assert (binding.local, binding.qualified) == ("report", "report")


# --- resolution ------------------------------------------------------------------------

LAYOUT = {
    "Cargo.toml": '[package]\nname = "my-app"\nedition = "2021"\n',
    "src/lib.rs": "pub mod net;\npub mod store;\n#[path = \"gen/proto.rs\"]\nmod proto;\nmod missing;\n",
    "src/net.rs": "mod http;\nuse crate::store::Db;\n",
    "src/net/http.rs": (
        "use super::super::store;\nuse self::inner::X;\nuse std::collections::HashMap;\n"
        "use Ordering::*;\nuse serde::Serialize;\nmod inner { use super::*; }\n"
    ),
    "src/store/mod.rs": (
        "mod sqlite;\npub use sqlite::Db;\nuse my_app::net;\n"
        "#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::net::http;\n}\n"
    ),
    "src/store/sqlite.rs": "use super::super::net::http::Client;\n",
    "src/gen/proto.rs": "use crate::net;\n",
    "src/main.rs": "use my_app::store::Db;\nuse my_app::Thing;\nmod cli;\n",
    "src/cli.rs": "use crate::Thing;\n",
    "src/bin/tool/main.rs": "mod args;\nuse my_app::net::http;\n",
    "src/bin/tool/args.rs": "",
    "tests/smoke.rs": "use my_app::store;\n",
}


@pytest.fixture(scope="module")
def layout(tmp_path_factory, registry):
    return build_stages(write_tree(tmp_path_factory.mktemp("layout"), LAYOUT), registry)


@pytest.mark.parametrize(
    ("importer", "edges"),
    [
        ("src/lib.rs", {(1, "src/net.rs"), (2, "src/store/mod.rs"), (4, "src/gen/proto.rs")}),
        ("src/net.rs", {(1, "src/net/http.rs"), (2, "src/store/mod.rs")}),
        ("src/net/http.rs", {
            (1, "src/store/mod.rs"), (3, "external:std"), (5, "external:serde"),
        }),  # self::inner is inline; `Ordering::*` names a local item
        ("src/store/mod.rs", {
            (1, "src/store/sqlite.rs"), (2, "src/store/sqlite.rs"), (3, "src/net.rs"),
            (7, "src/net/http.rs"),
        }),  # the inline tests module's `use super::*` stays in this file
        ("src/store/sqlite.rs", {(1, "src/net/http.rs")}),
        ("src/gen/proto.rs", {(1, "src/net.rs")}),
        ("src/main.rs", {(1, "src/store/mod.rs"), (2, "src/lib.rs"), (3, "src/cli.rs")}),
        ("src/cli.rs", {(1, "src/main.rs")}),  # crate:: in a binary is the binary's root
        ("src/bin/tool/main.rs", {(1, "src/bin/tool/args.rs"), (2, "src/net/http.rs")}),
        ("tests/smoke.rs", {(1, "src/store/mod.rs")}),
    ],
)
def test_module_tree_and_use_paths(layout, importer, edges):
    _, _, resolved = layout
    assert _edges(resolved, importer) == edges


def test_2015_edition_paths_start_at_the_crate_root(tmp_path, registry):
    root = write_tree(tmp_path, {
        "Cargo.toml": '[package]\nname = "old"\n',  # no edition: Cargo's 2015
        "src/lib.rs": "mod alpha;\nmod beta;\n",
        "src/alpha.rs": "use beta::Thing;\nuse log::info;\n",
        "src/beta.rs": "",
    })
    _, _, resolved = build_stages(root, registry)
    assert _edges(resolved, "src/alpha.rs") == {(1, "src/beta.rs"), (2, "external:log")}


def test_module_names_that_look_like_string_prefixes(source_facts):
    assert [s.source for s in source_facts("mod b;\nuse fu::X;\n").imports] == ["b", "fu"]


def test_workspace_members_and_crate_names(tmp_path, registry, language):
    root = write_tree(tmp_path, {
        "Cargo.toml": (
            '[workspace]\nmembers = ["crates/*", "tools/xtask"]\nexclude = ["crates/scratch"]\n'
            '[workspace.package]\nedition = "2018"\n'
        ),
        "crates/web-api/Cargo.toml": '[package]\nname = "web-api"\nedition.workspace = true\n',
        "crates/web-api/src/lib.rs": "pub mod routes;\n",
        "crates/web-api/src/routes.rs": "",
        "crates/core-lib/Cargo.toml": '[package]\nname = "core-lib"\n[lib]\nname = "core"\npath = "lib/core.rs"\n',
        "crates/core-lib/lib/core.rs": "",
        "crates/scratch/Cargo.toml": '[package]\nname = "scratch"\n',
        "crates/scratch/src/main.rs": "fn main() {}\n",
        "tools/xtask/Cargo.toml": '[package]\nname = "xtask"\n',
        "tools/xtask/src/main.rs": "use web_api::routes;\nuse core::fmt;\nfn main() {}\n",
    })
    snapshot, _, resolved = build_stages(root, registry)
    # A repository crate named like a sysroot crate shadows it, as a dependency would.
    assert _edges(resolved, "tools/xtask/src/main.rs") == {
        (1, "crates/web-api/src/routes.rs"), (2, "crates/core-lib/lib/core.rs"),
    }
    commands = {(c.kind, c.command) for c in language.spec.read_commands(snapshot)}
    assert ("run", "cargo run --bin xtask") not in commands  # two binaries at the root
    assert {("build", "cargo build"), ("run", "cd crates/scratch && cargo run")} <= commands
    assert ("run", "cargo run") in commands  # the root workspace has one binary: xtask
    assert ("lint", "cargo clippy") not in commands  # no clippy config, no CI step


def test_a_root_package_without_a_binary_runs_a_members_binary_by_package(tmp_path, registry, language):
    # rayon: the root package is a library; `cargo run` there fails, the demo crate's
    # binary runs with `-p`.
    root = write_tree(tmp_path, {
        "Cargo.toml": '[package]\nname = "rayon"\n\n[workspace]\nmembers = ["rayon-demo", "rayon-core"]\n',
        "src/lib.rs": "pub fn join() {}\n",
        "rayon-core/Cargo.toml": '[package]\nname = "rayon-core"\n',
        "rayon-core/src/lib.rs": "",
        "rayon-demo/Cargo.toml": '[package]\nname = "rayon-demo"\npublish = false\n',
        "rayon-demo/src/main.rs": "fn main() {}\n",
    })
    snapshot = discover_files(root, registry)
    runs = {c.command for c in language.spec.read_commands(snapshot) if c.kind == "run"}
    assert runs == {"cargo run -p rayon-demo"}
    assert [(e.name, e.target) for e in language.spec.read_entry_points(snapshot)] == [
        ("rayon-demo", "cargo run -p rayon-demo"),
    ]


# --- the fixture -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_build(fixture_stages):
    return fixture_stages("rust-cli")


def test_fixture_import_edges_and_externals_are_exact(fixture_build):
    expected, _, _, resolved = fixture_build
    edges, externals = import_sets(resolved)
    expected_edges, expected_externals = expected_import_sets(expected)
    assert edges == expected_edges
    assert externals == expected_externals


def test_fixture_definitions(fixture_build):
    _, _, facts, _ = fixture_build
    by_path = {f.path: {(d.qualname, d.kind) for d in f.definitions} for f in facts}
    store = by_path["crates/notes-core/src/store/mod.rs"]
    assert {("Store", "struct"), ("Note", "struct"), ("Store.open", "method"), ("Store.list", "method")} <= store
    assert ("Config.from_env", "method") in by_path["crates/notes-core/src/config.rs"]
    assert ("Command", "enum") in by_path["crates/notes-cli/src/cli.rs"]


def test_fixture_effect_callees_resolve_through_bindings(fixture_build):
    """Each expected effect is a call whose canonical callee (or env name) is its detail."""
    expected, _, facts, resolved = fixture_build
    for effect in expected["effects"]:
        assert (effect["symbol"], effect["detail"]) in effect_line_details(effect, facts, resolved), effect


def test_fixture_entry_points_and_commands(fixture_build, language):
    expected, snapshot, _, _ = fixture_build
    entries = {(e.kind, e.name, e.evidence.path, e.evidence.line) for e in language.spec.read_entry_points(snapshot)}
    assert entries == {(i["kind"], i["name"], i["path"], i["line"]) for i in expected["entry_points"]}
    commands: dict[str, set[str]] = {}
    for item in language.spec.read_commands(snapshot):
        commands.setdefault(item.kind, set()).add(item.command)
    assert commands == {kind: set(listed) for kind, listed in expected["commands"].items()}


def test_single_package_runs_plainly_and_names_the_project(tmp_path, registry, language):
    root = write_tree(tmp_path, {
        "Cargo.toml": '[package]\nname = "grep-lite"\nedition = "2021"\n',
        "src/main.rs": "fn main() {}\n",
        ".github/workflows/ci.yml": "steps:\n  - run: cargo clippy -- -D warnings\n",
    })
    snapshot = discover_files(root, registry)
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("build", "cargo build"), ("test", "cargo test"), ("run", "cargo run"),
        ("lint", "cargo clippy"),
    }
    assert [(e.name, e.target) for e in language.spec.read_entry_points(snapshot)] == [("grep-lite", "cargo run")]
    assert language.spec.read_project_name(snapshot) == "grep-lite"


def test_axum_and_actix_routes_are_read_per_route_call(source_facts):
    from mapper.languages.rust.routes import read_routes

    axum = source_facts(
        "use axum::{routing::{get, post}, Router};\n"
        "fn app() -> Router {\n"
        "    Router::new()\n"
        "        .route(\"/\", get(root))\n"
        "        .route(\"/users\", post(create_user).get(list_users))\n"
        "        .route(\"/users/:id\", get(handlers::show))\n"
        "}\n"
        "#[cfg(test)]\n"
        "mod tests {\n"
        "    fn t() { Router::new().route(\"/only-in-test\", get(h)); }\n"
        "}\n",
        "src/main.rs",
    )
    actix = source_facts(
        "use actix_web::{web, App};\n"
        "fn app() -> App { App::new().route(\"/hey\", web::get().to(manual_hello)) }\n",
        "src/server.rs",
    )
    # The same call shape in a crate that uses neither framework is no route.
    other = source_facts("fn f(m: Map) { m.route(\"/x\", get(y)); }\n", "src/other.rs")
    routes = {(r.method, r.path, r.file, r.line, r.handler) for r in read_routes(None, (axum, actix, other))}
    assert routes == {
        ("GET", "/", "src/main.rs", 4, "root"),
        ("POST", "/users", "src/main.rs", 5, "create_user"),
        ("GET", "/users", "src/main.rs", 5, "list_users"),
        ("GET", "/users/:id", "src/main.rs", 6, "handlers.show"),
        ("GET", "/hey", "src/server.rs", 2, "manual_hello"),
    }


def test_declared_binary_starts_in_its_crate_root(tmp_path):
    import shutil

    from mapper.app import MapConfig, build_analysis

    shutil.copytree(FIXTURES / "rust-cli" / "repo", tmp_path / "repo")
    entries = build_analysis(tmp_path / "repo", MapConfig()).analysis.entry_points
    admin = next(e for e in entries if e.name == "notes-admin")
    # Declared in Cargo.toml, but reach is followed from the file it names.
    assert admin.evidence.path == "crates/notes-cli/Cargo.toml"
    assert (admin.file, admin.symbol) == ("crates/notes-cli/src/admin.rs", "main")
    assert "effect.fs.write" in admin.reaches
