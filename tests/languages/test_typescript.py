"""TypeScript and TSX: the TypeScript-only captures and resolution rules, plus the
checks that keep this folder in step with the JavaScript one it builds on."""

from __future__ import annotations

from importlib import resources

import tree_sitter
import tree_sitter_typescript

from mapper.languages.javascript.manifests import read_commands, read_entry_points
from test_javascript import (  # shared helpers; pytest puts this folder on sys.path
    assert_fixture_effect_names, assert_fixture_imports, edges, facts_of, fixture_build,
    fixture_definitions, memory_snapshot, resolve_memory,
)



# --- fixture ---------------------------------------------------------------------------


def test_ts_monorepo_imports_and_externals_exactly(registry):
    assert_fixture_imports(registry, "ts-monorepo")


def test_ts_monorepo_effects_come_from_bindings_and_knowledge(registry):
    assert_fixture_effect_names(registry, "ts-monorepo")


def test_ts_monorepo_definitions(registry):
    assert {
        ("UserId", "type", 2, True), ("Role", "enum", 4, True), ("User", "interface", 9, True),
        ("UserRow", "interface", 4, False), ("UserRepo", "class", 10, True),
        ("UserRepo.create", "method", 11, True), ("nowMs", "function", 10, True),
        ("deploy", "function", 8, False), ("Done", "function", 16, False),
    } <= fixture_definitions(registry, "ts-monorepo")


def test_ts_monorepo_tsx_parses_cleanly(registry):
    _, facts, _ = fixture_build(registry, "ts-monorepo")
    assert facts["apps/api/src/cli.tsx"].error_count == 0  # parsed with the TSX grammar


# --- captures ------------------------------------------------------------------------------


def test_typescript_import_forms(registry):
    code = "\n".join([
        "import fs = require('fs');",  # 1
        "import type { A } from './a';",  # 2
        "import { type B, C } from './b';",  # 3
        "export type { D } from './d';",  # 4
    ])
    sites = {(s.line, s.source, s.name, s.alias, s.kind) for s in facts_of(registry, "x.ts", code).imports}
    assert sites == {
        (1, "fs", None, "fs", "require"), (2, "./a", "A", None, "import"), (3, "./b", "B", None, "import"),
        (3, "./b", "C", None, "import"), (4, "./d", "D", None, "reexport"),
    }


def test_typescript_definitions(registry):
    code = "\n".join([
        "export interface Props { x: number }",  # 1
        "type Alias = string;",  # 2
        "export enum Color { Red }",  # 3
        "export abstract class Base { private run = () => 1; abstract go(): void; }",  # 4
        "namespace Util { export const q = 1; }",  # 5
        "function over(a: string): void;",  # 6: an overload signature, not a definition
        "function over(a: any) {}",  # 7
        "export const handler = async (req: Request): Promise<Response> => new Response();",  # 8
    ])
    definitions = {(d.qualname, d.kind, d.line) for d in facts_of(registry, "x.ts", code).definitions}
    assert definitions == {
        ("Props", "interface", 1), ("Alias", "type", 2), ("Color", "enum", 3), ("Base", "class", 4),
        ("Base.run", "method", 4), ("Util", "namespace", 5), ("over", "function", 7),
        ("handler", "function", 8),
    }


def test_grammar_follows_the_extension(registry):
    # `<T>value` is a type assertion in .ts and JSX in .tsx: each parses cleanly only
    # with its own grammar.
    assert facts_of(registry, "a.ts", "const n = <number>value;\n").error_count == 0
    tsx = facts_of(registry, "a.tsx", "import { go } from './go';\n"
                   "export const A = () => <div onClick={() => go('x')}>hi</div>;\n")
    assert tsx.error_count == 0
    assert any(c.callee == "go" and c.arg == "x" for c in tsx.calls)


# --- resolution ----------------------------------------------------------------------------


def test_written_js_extension_finds_typescript_on_disk(registry):
    resolved = resolve_memory(registry, {
        "src/main.ts": "\n".join([
            "import a from './a.js';", "import b from './b.jsx';", "import c from './c.mjs';",
            "import d from './types';", "import e from './both';",
        ]),
        "src/a.ts": "", "src/b.tsx": "", "src/c.mts": "", "src/types.d.ts": "",
        "src/both.ts": "", "src/both.js": "",
    })
    assert edges(resolved["src/main.ts"]) == {
        (1, "src/a.ts"), (2, "src/b.tsx"), (3, "src/c.mts"), (4, "src/types.d.ts"), (5, "src/both.ts"),
    }


def test_nearest_tsconfig_with_extends_and_jsonc(registry):
    resolved = resolve_memory(registry, {
        "tsconfig.base.json": '{\n  // shared\n  "compilerOptions": {"baseUrl": ".", "paths": {"@core/*": ["core/src/*"],},},\n}',
        "tsconfig.json": '{"extends": "./tsconfig.base"}',
        "app/tsconfig.json": '{"extends": "../tsconfig.base.json", "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}}',
        "core/src/log.ts": "",
        "app/src/view.ts": "",
        "app/src/main.ts": "import v from '@/view';\nimport l from '@core/log';\n",
        "tools/run.ts": "import l from '@core/log';\nimport v from '@/view';\n",
    })
    # app/ overrides "paths" (tsc replaces it wholesale), so '@core/*' is not mapped there.
    assert edges(resolved["app/src/main.ts"]) == {(1, "app/src/view.ts"), (2, "external:@core/log")}
    assert edges(resolved["tools/run.ts"]) == {(1, "core/src/log.ts")}


def test_pnpm_workspace_packages(registry):
    resolved = resolve_memory(registry, {
        "pnpm-workspace.yaml": "packages:\n  - 'libs/**'\n  - \"!libs/private/**\"\nonlyBuiltDependencies:\n  - esbuild\n",
        "libs/ui/button/package.json": '{"name": "@ui/button", "source": "src/index.tsx"}',
        "libs/ui/button/src/index.tsx": "",
        "libs/private/x/package.json": '{"name": "x"}',
        "libs/private/x/index.ts": "",
        "esbuild/package.json": '{"name": "esbuild-local"}',
        "app.ts": "import b from '@ui/button';\nimport x from 'x';\n",
    })
    assert edges(resolved["app.ts"]) == {(1, "libs/ui/button/src/index.tsx"), (2, "external:x")}


# --- package.json ----------------------------------------------------------------------------


def test_workspace_commands_run_in_their_package(registry):
    snapshot = memory_snapshot(registry, {
        "package.json": '{"name": "mono", "packageManager": "bun@1.1.0", "workspaces": ["apps/*"], "scripts": {"test": "bun test"}}',
        "apps/web/package.json": '{"name": "web", "bin": {"web": "./dist/cli.js"}, "scripts": {"start": "x"}, "dependencies": {"a": "1"}}',
        "apps/web/src/cli.ts": "",
    })
    commands = {(c.kind, c.command) for c in read_commands(snapshot)}
    assert commands == {("install", "bun install"), ("test", "bun run test"), ("run", "cd apps/web && bun run start")}
    entries = {(e.kind, e.name, e.target) for e in read_entry_points(snapshot)}
    assert entries == {("entry.bin", "web", "apps/web/src/cli.ts")}  # dist/ -> its src/ twin


# --- shared with the JavaScript folder -----------------------------------------------------------


def test_shared_patterns_compile_on_every_javascript_family_grammar():
    import tree_sitter_javascript

    common = resources.files("mapper.languages.javascript").joinpath("common.scm").read_text("utf-8")
    grammars = [tree_sitter_javascript.language(), tree_sitter_typescript.language_typescript(),
                tree_sitter_typescript.language_tsx()]
    for grammar in grammars:
        tree_sitter.Query(tree_sitter.Language(grammar), common)


def test_typescript_uses_javascripts_tables_and_shared_queries():
    from mapper.languages.javascript import SPEC as JAVASCRIPT
    from mapper.languages.typescript import SPEC as TYPESCRIPT

    assert TYPESCRIPT.knowledge_package == JAVASCRIPT.package
    assert TYPESCRIPT.shared_queries == JAVASCRIPT.shared_queries == ((JAVASCRIPT.package, "common.scm"),)


def test_methods_follow_their_class_unless_marked_private(registry):
    facts = facts_of(registry, "api.ts", (
        "export class Api {\n  get(id: string) { return id; }\n  private secret() { return 1; }\n"
        "  #hidden() { return 2; }\n  _internal() { return 3; }\n}\n"
        "class Local {\n  run() { return 0; }\n}\n"
        "const make = () => 1;\nmodule.exports = { make };\n"
    ))
    public = {d.qualname for d in facts.definitions if d.public}
    assert public == {"Api", "Api.get", "make"}
