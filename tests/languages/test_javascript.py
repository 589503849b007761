"""JavaScript: query captures, import resolution and bindings, checked directly.

Whole-fixture facts (effects, entry points, roles, commands) are compared by
tests/test_fixtures.py; these tests pin the language folder's own pieces so that a
failure names the piece that broke. The helpers at the top are shared with
test_typescript.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mapper.discover import discover_files
from mapper.languages.javascript import bind_import, is_public
from mapper.languages.javascript.manifests import BUILD_OUTPUT, read_commands, read_entry_points, read_project_name
from mapper.languages.registry import LanguageRegistry
from mapper.model import (
    FileFacts, ImportSite, ManifestFile, RepoSnapshot, ResolvedFile, SkippedPath, SourceFile,
)
from mapper.parse.extract import extract_facts
from mapper.parse.grammars import GrammarLoader
from mapper.resolve import resolve_imports

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


# --- helpers (also used by test_typescript.py) -----------------------------------------------


def facts_of(registry: LanguageRegistry, path: str, code: str) -> FileFacts:
    language = registry.for_path(path)
    assert language is not None, path
    return extract_facts(path, code.encode(), language, GrammarLoader())


def memory_snapshot(
    registry: LanguageRegistry, files: dict[str, str], skipped: tuple[SkippedPath, ...] = ()
) -> RepoSnapshot:
    """A snapshot of an in-memory repository: sources by extension, manifests by name."""
    names = registry.manifest_names()
    sources = tuple(
        SourceFile(p, registry.for_path(p).spec.name, len(t)) for p, t in sorted(files.items())
        if registry.for_path(p) is not None
    )
    manifests = tuple(
        ManifestFile(p, t) for p, t in sorted(files.items()) if p.rsplit("/", 1)[-1] in names
    )
    return RepoSnapshot(Path("/nowhere"), "memory", False, sources, manifests, (), skipped)


def resolve_memory(registry: LanguageRegistry, files: dict[str, str]) -> dict[str, ResolvedFile]:
    snapshot = memory_snapshot(registry, files)
    facts = tuple(facts_of(registry, s.path, files[s.path]) for s in snapshot.sources)
    return {r.path: r for r in resolve_imports(snapshot, facts, registry)}


def edges(resolved: ResolvedFile) -> set[tuple[int, str]]:
    return {(e.line, e.target or f"external:{e.external}") for e in resolved.imports}


def canonical(resolved: ResolvedFile, callee: str) -> str:
    """The callee with its first segment replaced by what the import binds it to."""
    head, _, rest = callee.partition(".")
    binding = next((b for b in resolved.bindings if b.local == head), None)
    if binding is None:
        return callee
    return f"{binding.qualified}.{rest}" if rest else binding.qualified


def fixture_build(registry: LanguageRegistry, name: str):
    """(expected facts, facts by path, resolved files by path) for a fixture repository."""
    root = FIXTURES / name / "repo"
    snapshot = discover_files(root, registry)
    loader = GrammarLoader()
    facts = tuple(
        extract_facts(s.path, (root / s.path).read_bytes(), registry.get(s.language), loader)
        for s in snapshot.sources
    )
    resolved = resolve_imports(snapshot, facts, registry)
    expected = tomllib.loads((FIXTURES / name / "expected.toml").read_text(encoding="utf-8"))
    return expected, {f.path: f for f in facts}, {r.path: r for r in resolved}


def fixture_definitions(registry: LanguageRegistry, name: str) -> set[tuple[str, str, int, bool]]:
    """(qualname, kind, line, public) of every definition in a fixture repository."""
    _, facts, _ = fixture_build(registry, name)
    return {(d.qualname, d.kind, d.line, d.public) for f in facts.values() for d in f.definitions}


def assert_fixture_imports(registry: LanguageRegistry, name: str) -> None:
    """Every hand-written import edge and external package, exactly (precision and recall 1)."""
    expected, _, resolved = fixture_build(registry, name)
    actual_edges = {(r.path, e.line, e.target) for r in resolved.values() for e in r.imports if e.target}
    actual_externals = {(r.path, e.external) for r in resolved.values() for e in r.imports if e.external}
    assert actual_edges == {(i["importer"], i["line"], i["target"]) for i in expected["imports"]}
    assert actual_externals == {(i["importer"], i["package"]) for i in expected["externals"]}


def assert_fixture_effect_names(registry: LanguageRegistry, name: str) -> None:
    """Each expected effect has a call site whose canonical name gives its kind and detail."""
    expected, facts, resolved = fixture_build(registry, name)
    for effect in expected["effects"]:
        file_facts = facts[effect["path"]]
        knowledge = registry.get(file_facts.language).knowledge
        candidates = []
        for call in file_facts.calls:
            if call.line != effect["line"] or call.scope != effect["symbol"]:
                continue
            name_ = canonical(resolved[effect["path"]], call.callee)
            bound = any(b.local == call.callee.partition(".")[0] for b in resolved[effect["path"]].bindings)
            detail = call.arg if effect["kind"] == "effect.env" and call.arg else name_
            candidates.append((knowledge.effect_kind(name_, bound), detail))
        assert (effect["kind"], effect["detail"]) in candidates, (effect, candidates)


# --- fixture ---------------------------------------------------------------------------


def test_js_web_imports_and_externals_exactly(registry):
    assert_fixture_imports(registry, "js-web")


def test_js_web_effects_come_from_bindings_and_knowledge(registry):
    assert_fixture_effect_names(registry, "js-web")


def test_js_web_definitions(registry):
    definitions = fixture_definitions(registry, "js-web")
    assert ("start", "function", 20, True) in definitions  # src/server.js
    assert ("backupDatabase", "function", 8, False) in definitions  # not exported
    assert ("App", "function", 4, True) in definitions  # export default function
    assert any(d[0] == "App.addNote" and d[2] == 12 for d in definitions)  # nested function


def test_js_web_summaries(registry):
    _, facts, _ = fixture_build(registry, "js-web")
    assert facts["src/db/store.js"].summary.startswith("Postgres access for notes.")
    assert facts["bin/notes.js"].summary.startswith("Command-line entry for notes-web")  # after #!


# --- imports -----------------------------------------------------------------------------


def test_import_forms_and_their_bindings(registry):
    code = "\n".join([
        "import x from 'node:fs';",  # 1
        "import {a as b, c} from 'm2';",  # 2
        "import d, * as ns from 'm3';",  # 3
        "import 'side';",  # 4
        "export {f} from 'm5';",  # 5
        "const h = require('child_process');",  # 6
        "const {i, j: k} = require('m9');",  # 7
        "const exec = require('cp2').exec;",  # 8
        "app.use(require('./routes'));",  # 9
        "const lazy = () => import('m11');",  # 10
        "import {default as dflt} from 'm12';",  # 11
        "export * from 'm13';",  # 12
        "export {p as q} from 'm14';",  # 13
        "export * as all from 'm15';",  # 14
    ])
    facts = facts_of(registry, "a.js", code)
    sites = {(s.line, s.source, s.name, s.alias, s.kind) for s in facts.imports}
    assert {
        (1, "node:fs", None, "x", "import"), (2, "m2", "a", "b", "import"), (2, "m2", "c", None, "import"),
        (3, "m3", None, "d", "import"), (3, "m3", None, "ns", "import"), (4, "side", None, None, "import"),
        (5, "m5", "f", None, "reexport"), (6, "child_process", None, "h", "require"),
        (7, "m9", "i", None, "require"), (7, "m9", "j", "k", "require"),
        (8, "cp2", "exec", "exec", "require"), (9, "./routes", None, None, "require"),
        (10, "m11", None, None, "dynamic"), (11, "m12", None, "dflt", "import"),
        (12, "m13", None, None, "reexport"), (13, "m14", "p", "q", "reexport"),
        (14, "m15", None, "all", "reexport"),
    } <= sites
    bindings = {b.local: b.qualified for s in facts.imports if (b := bind_import(s))}
    assert bindings == {
        "x": "fs", "b": "m2.a", "c": "m2.c", "d": "m3", "ns": "m3", "h": "child_process",
        "i": "m9.i", "k": "m9.j", "exec": "cp2.exec", "dflt": "m12",
    }


def test_bare_require_and_side_effect_import_bind_nothing():
    assert bind_import(ImportSite(1, "m", kind="require")) is None
    assert bind_import(ImportSite(1, "m")) is None
    assert bind_import(ImportSite(1, "m", kind="reexport")) is None


def test_relative_index_and_extension_completion(registry):
    resolved = resolve_memory(registry, {
        "src/app.js": "import a from './lib';\nimport b from './util.js';\nimport c from '../outside';\n"
                      "import d from './styles.css';\nimport e from '.';\n",
        "src/lib/index.mjs": "",
        "src/util.js": "",
        "src/index.jsx": "",
    })
    assert edges(resolved["src/app.js"]) == {(1, "src/lib/index.mjs"), (2, "src/util.js"), (5, "src/index.jsx")}


def test_externals_scopes_node_builtins_and_non_packages(registry):
    resolved = resolve_memory(registry, {
        "a.js": "\n".join([
            "import fs from 'node:fs/promises';", "import x from '@scope/pkg/deep/path';",
            "import y from 'lodash/fp';", "import z from 'https://esm.sh/preact';",
            "import w from '~/alias';", "import v from 'virtual:thing';",
        ]),
    })
    assert edges(resolved["a.js"]) == {(1, "external:fs"), (2, "external:@scope/pkg"), (3, "external:lodash")}


def test_jsconfig_paths_and_base_url(registry):
    resolved = resolve_memory(registry, {
        "jsconfig.json": '{"compilerOptions": {"baseUrl": "src", "paths": {"@/*": ["./*"], "cfg": ["config/main"]}}}',
        "src/app.js": "import a from '@/lib/x';\nimport b from 'cfg';\nimport c from 'lib/x';\nimport d from 'react';\n",
        "src/lib/x.js": "",
        "src/config/main.js": "",
    })
    assert edges(resolved["src/app.js"]) == {
        (1, "src/lib/x.js"), (2, "src/config/main.js"), (3, "src/lib/x.js"), (4, "external:react"),
    }


def test_workspaces_by_name_with_entries_and_subpaths(registry):
    resolved = resolve_memory(registry, {
        "package.json": '{"name": "root", "workspaces": {"packages": ["packages/*", "!packages/skip"]}}',
        "packages/a/package.json": '{"name": "@x/a", "main": "lib/index.js", "exports": {".": "./lib/index.js", "./feature/*": "./lib/features/*.js"}}',
        "packages/a/lib/index.js": "",
        "packages/a/lib/features/one.js": "",
        "packages/b/package.json": '{"name": "b", "main": "dist/main.js"}',
        "packages/b/src/main.js": "",
        "packages/skip/package.json": '{"name": "skip"}',
        "packages/skip/index.js": "",
        "app.js": "import a from '@x/a';\nimport one from '@x/a/feature/one';\nimport b from 'b';\nimport s from 'skip';\n",
    })
    assert edges(resolved["app.js"]) == {
        (1, "packages/a/lib/index.js"), (2, "packages/a/lib/features/one.js"),
        (3, "packages/b/src/main.js"), (4, "external:skip"),
    }


def test_package_imports_field(registry):
    resolved = resolve_memory(registry, {
        "package.json": '{"name": "p", "imports": {"#internal/*": "./src/internal/*.js", "#dep": "chalk"}}',
        "src/internal/db.js": "",
        "src/app.js": "import db from '#internal/db';\nimport chalk from '#dep';\nimport nope from '#missing';\n",
    })
    assert edges(resolved["src/app.js"]) == {(1, "src/internal/db.js"), (2, "external:chalk")}


# --- definitions, calls, reads -----------------------------------------------------------


def test_definitions_and_public_flag(registry):
    code = "\n".join([
        "export function a() {}",  # 1
        "function b() {}",  # 2
        "export const c = async () => {};",  # 3
        "const d = function () {};",  # 4
        "class E { m() {} #p() {} f = () => 1; }",  # 5
        "exports.g = function () {};",  # 6
        "function outer() { const inner = () => 1; }",  # 7
        "export default class F {}",  # 8
        "function* gen() {}",  # 9
    ])
    definitions = {(d.qualname, d.kind, d.public) for d in facts_of(registry, "a.js", code).definitions}
    assert definitions == {
        ("a", "function", True), ("b", "function", False), ("c", "function", True),
        ("d", "function", False), ("E", "class", False), ("E.m", "method", False),
        ("E.#p", "method", False), ("E.f", "method", False), ("g", "function", True),
        ("outer", "function", False), ("F", "class", True), ("gen", "function", False),
    }


def test_is_public_reads_the_line():
    assert is_public("x", "export const x = 1")
    assert is_public("x", "module.exports.x = () => {}")
    assert not is_public("x", "  x() {")


def test_list_exports_are_markers(registry):
    facts = facts_of(registry, "a.js", "function a() {}\nconst b = 1;\nexport { a, b as c };\nmodule.exports = { a, d: b };\n")
    assert {(m.kind, m.line, m.name) for m in facts.markers} == {
        ("export", 3, "a"), ("export", 3, "b"), ("export", 4, "a"), ("export", 4, "b"),
    }


def test_calls_new_and_environment_reads(registry):
    code = "\n".join([
        "function f() {",  # 1
        "  const a = process.env.API_KEY;",  # 2
        "  const b = process.env['DB_URL'];",  # 3
        "  const { HOST, PORT: port, MODE = 'dev' } = process.env;",  # 4
        "  const c = import.meta.env.VITE_X;",  # 5
        "  return new Foo.Bar('x', 1), a?.b.c('y');",  # 6
        "}",  # 7
        # Calls through names nothing binds are dropped at extraction: bind these.
        "import Foo from 'foo';",  # 8
        "import a from 'a';",  # 9
    ])
    calls = {(c.line, c.callee, c.arg, c.form, c.scope) for c in facts_of(registry, "a.js", code).calls}
    assert {
        (2, "process.env", "API_KEY", "subscript", "f"), (3, "process.env", "DB_URL", "subscript", "f"),
        (4, "process.env", "HOST", "subscript", "f"), (4, "process.env", "PORT", "subscript", "f"),
        (4, "process.env", "MODE", "subscript", "f"), (5, "import.meta.env", "VITE_X", "subscript", "f"),
        (6, "Foo.Bar", "x", "call", "f"), (6, "a.b.c", "y", "call", "f"),
    } <= calls


@pytest.mark.parametrize("header, summary", [
    ("#!/usr/bin/env node\n// Runs the thing.\n", "Runs the thing."),
    ("/*\n * Copyright 2024 Someone. MIT License.\n */\n/** Parses configs. */\n", "Parses configs."),
    ("/* eslint-disable no-console */\n// Logs things.\n", "Logs things."),
    ("'use strict';\n// Not a summary: code comes first.\n", None),
])
def test_summary_is_the_leading_comment(registry, header, summary):
    assert facts_of(registry, "a.js", header + "const x = 1;\n").summary == summary


def test_broken_code_gives_partial_facts(registry):
    facts = facts_of(registry, "a.js", "import a from './a';\nfunction ok() { fetch('x') }\nfunction broken( {\n")
    assert facts.error_count == 1
    assert [s.source for s in facts.imports] == ["./a"]
    assert any(c.callee == "fetch" for c in facts.calls)


# --- knowledge -------------------------------------------------------------------------------


@pytest.mark.parametrize("canonical_name, kind", [
    ("child_process.execSync", "effect.subprocess"), ("fs.writeFileSync", "effect.fs.write"),
    ("fs.promises.writeFile", "effect.fs.write"), ("fs/promises.writeFile", "effect.fs.write"),
    ("fs.readFileSync", "effect.fs"), ("fs.readdirSync", None), ("axios.post", "effect.net"),
    ("fetch", "effect.net"), ("pg.Pool", "effect.db"), ("mysql2/promise.createConnection", "effect.db"),
    ("redis.createClient", "effect.db"), ("process.env", "effect.env"), ("Date.now", "effect.time"),
    ("Math.random", "effect.random"), ("crypto.randomUUID", "effect.random"), ("path.join", None),
])
def test_effect_patterns(registry, canonical_name, kind):
    assert registry.get("javascript").knowledge.effect_kind(canonical_name, True) == kind


def test_role_patterns(registry):
    knowledge = registry.get("javascript").knowledge
    assert knowledge.role_for_package("@nestjs/core") == "role.http"
    assert knowledge.role_for_package("@aws-sdk/client-s3") == "role.integration"
    assert knowledge.role_for_package("commander") == "role.cli"
    assert knowledge.role_for_package("lodash") is None


# --- package.json ------------------------------------------------------------------------------


def test_package_json_entries_commands_and_manager(registry):
    snapshot = memory_snapshot(registry, {
        "package.json": '{\n  "name": "tool",\n  "bin": "cli.js",\n  "exports": {"import": "./esm.js"},\n'
                        '  "scripts": {\n    "pretest": "x",\n    "test": "x",\n    "postinstall": "x",\n'
                        '    "build:prod": "tsc"\n  },\n  "dependencies": {"x": "1"}\n}\n',
        "cli.js": "",
    }, skipped=(SkippedPath("pnpm-lock.yaml", "lockfile"),))
    entries = {(e.kind, e.name, e.target, e.evidence.line) for e in read_entry_points(snapshot)}
    # esm.js is not in the checkout: build output, never named as a path to open.
    assert entries == {("entry.bin", "tool", "cli.js", 3), ("entry.exports", "tool", BUILD_OUTPUT, 4)}
    commands = {(c.kind, c.command, c.evidence.line) for c in read_commands(snapshot)}
    assert commands == {("install", "pnpm install", 11), ("test", "pnpm test", 7),
                        ("build", "pnpm run build:prod", 9)}
    assert read_project_name(snapshot) == "tool"


def test_malformed_manifests_are_read_as_far_as_they_go(registry):
    files = {
        "package.json": '{"name": 3, "bin": ["x"], "scripts": ["test"], "workspaces": "pkgs/*", '
                        '"exports": {".": null}, "imports": [1], "packageManager": 7}',
        "tsconfig.json": '{"extends": "./tsconfig.json", "compilerOptions": {"paths": {"@/*": "src/*"}, "baseUrl": 1}}',
        "jsconfig.json": "{not json",
        "pnpm-workspace.yaml": "packages: [unsupported, inline]\n",
        "a/package.json": "[]",
        "src/app.js": "import x from '@/x';\nimport y from '#y';\nimport z from 'zod';\n",
    }
    resolved = resolve_memory(registry, files)
    assert edges(resolved["src/app.js"]) == {(3, "external:zod")}
    snapshot = memory_snapshot(registry, files)
    assert read_entry_points(snapshot) == []
    assert [c.command for c in read_commands(snapshot)] == ["npm install"]  # it declares workspaces
    assert read_project_name(snapshot) is None


def test_only_the_repositorys_own_projects_declare_things(registry):
    snapshot = memory_snapshot(registry, {
        "package.json": '{"name": "app", "workspaces": ["packages/*"], "devDependencies": {"x": "1"}}',
        "packages/lib/package.json": '{"name": "lib", "main": "index.js", "dependencies": {"y": "1"}, "scripts": {"build": "x"}}',
        "packages/internal/package.json": '{"name": "internal", "private": true, "main": "index.js", "bin": {"tool": "tool.js"}}',
        "templates/starter/package.json": '{"name": "starter", "main": "index.js", "scripts": {"dev": "x"}, "dependencies": {"z": "1"}}',
        "test/fixtures/dep/package.json": '{"name": "dep", "main": "index.js"}',
        "packages/lib/__tests__/pkg/package.json": '{"name": "pkg", "main": "index.js"}',
    })
    entries = {(e.kind, e.name) for e in read_entry_points(snapshot)}
    assert entries == {("entry.main", "lib"), ("entry.bin", "tool")}  # private: bin only
    commands = {c.command for c in read_commands(snapshot)}
    assert commands == {"npm install", "cd packages/lib && npm run build"}  # members install from the root


def test_commonjs_members_are_public_definitions(registry):
    code = "\n".join([
        "var res = Object.create(http.ServerResponse.prototype);",  # 1
        "res.send = function send(body) { return body; };",  # 2
        "Router.prototype.route = function route(path) {};",  # 3
        "function helper() { local.x = function () {}; }",  # 4: not module level
    ])
    found = {(d.name, d.line, d.public) for d in facts_of(registry, "lib/response.js", code).definitions}
    assert ("send", 2, True) in found and ("route", 3, True) in found
    assert ("helper", 4, False) in found and not any(name == "x" for name, _, _ in found)


def test_commonjs_module_written_as_one_class_or_one_object_is_public(registry):
    # koa: module.exports = class Application {...}; module.exports = { get header() {} }
    app = facts_of(registry, "lib/application.js",
                   "module.exports = class Application {\n  listen() { return 1; }\n  _private() {}\n}\n")
    assert {d.qualname for d in app.definitions if d.public} == {"Application", "Application.listen"}
    request = facts_of(registry, "lib/request.js",
                       "module.exports = {\n  get header() { return 1; },\n  accepts(x) { return x; }\n};\n")
    assert {(d.name, d.public) for d in request.definitions} == {("header", True), ("accepts", True)}


def test_method_of_an_anonymous_class_expression_is_extracted(registry):
    # fastify: a method whose class is no definition of its own must not break extraction.
    facts = facts_of(registry, "lib/x.js", "register(class {\n  handle() { return 1; }\n});\n")
    assert [(d.name, d.kind) for d in facts.definitions] == [("handle", "method")]
