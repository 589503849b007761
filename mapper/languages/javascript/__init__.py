"""JavaScript: ``.js``, ``.jsx``, ``.mjs`` and ``.cjs`` files.

Supported: ES imports (default, named, namespace, ``{default as x}``, side-effect),
``export ... from`` re-exports, CommonJS ``require`` (plain, destructured,
``require('m').name``, and anywhere in an expression), dynamic ``import('m')`` with a
literal. Resolution: relative specifiers completed with ``.js``/``.ts``-family suffixes
and ``/index.*`` (bundler ``?query`` suffixes dropped); jsconfig/tsconfig ``baseUrl``
and ``paths`` from the nearest config above the importer (relative ``extends``
followed, JSONC read); package.json ``imports`` (``#name``); npm/yarn/bun
``workspaces`` and pnpm-workspace.yaml packages by name (``source``/``module``/
``main``/``exports``, a ``dist/`` path read as its ``src/`` twin, then ``src/index.*``);
externals named by package (``@scope/name``), with ``node:``, ``npm:`` and ``jsr:``
prefixes and versions dropped. Facts: functions, generators, classes, methods,
class-field arrows, top-level or exported ``const f = () => ...``, ``exports.f =
function``; calls and ``new X()`` resolved through import bindings; ``process.env.NAME``,
``process.env["NAME"]``, ``import.meta.env.NAME`` and ``const {NAME} = process.env``
reads; the leading comments as summary (after ``#!`` and one licence or lint-pragma
comment). package.json: ``bin``, ``main`` (else ``module``) and ``exports["."]`` entry
points of the repository's own projects (topmost package.json files and workspace
members; main/exports not for private packages), ``scripts`` run with the package
manager that ``packageManager`` or the lockfile names, and one install per topmost
project. Routes: ``app.get('/x', handler)`` and the like on express, koa-router,
fastify and hono objects (``[routes]`` in knowledge.toml), Next.js ``pages/`` and
``app/`` file routes (``routes.py``).

A definition exported later by a list (``export {a}``, ``module.exports = {a}``,
``module.exports = { m() {} }``) is public; so is a method of a public class whose
name does not start with ``_`` or ``#`` (nor its line with TypeScript's ``private`` or
``protected``).

Known gaps: computed ``require(variable)`` and template-literal specifiers are
not followed; ``.vue``/``.svelte``/``.json``/``.css`` targets are not source files, so
imports of them are dropped; tsconfig ``extends`` from a package, ``references``,
``rootDirs`` and ``include`` are ignored (the nearest config with ``baseUrl``/``paths``
governs); bundler aliases (vite/webpack ``resolve.alias``) are not read; calls on
instances (``app.listen``) match by method name only; ``const x = require('m')`` also
yields a second, unbound site for the bare ``require('m')`` call (same edge).
"""

from __future__ import annotations

import re

from mapper.languages.javascript import manifests, resolve, routes
from mapper.languages.javascript.packages import plain_specifier
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite

__all__ = ["SPEC", "bind_import", "is_public"]

# Kinds of import that create no local name: re-exports and dynamic imports.
_UNBOUND_KINDS = frozenset({"reexport", "dynamic"})


def bind_import(site: ImportSite) -> Binding | None:
    """The local name an import creates and the module member it stands for.

    ``import x from 'm'`` and ``import * as x from 'm'`` bind x to ``m``;
    ``import {a as b} from 'm'`` binds b to ``m.a``; ``require`` binds the same way.
    """
    if site.kind in _UNBOUND_KINDS:
        return None
    module = plain_specifier(site.source)
    if site.name:
        name = site.name.strip("\"'")
        qualified = module if name == "default" else f"{module}.{name}"
        return Binding(site.alias or name, qualified)
    if site.alias:
        return Binding(site.alias, module)
    return None  # import 'm' and a bare require('m') run the module and bind nothing


def is_public(name: str, line_text: str) -> bool:
    """Exported where it is defined: ``export ...``, ``exports.f =``, ``module.exports``,
    or a member assigned on a module-level object (``res.send =``, ``X.prototype.m =``),
    which is how CommonJS packages build the object they export."""
    text = line_text.lstrip()
    if text.startswith(("export ", "exports.")) or "module.exports" in text:
        return True
    return bool(_MEMBER_ASSIGNMENT.match(line_text))


_MEMBER_ASSIGNMENT = re.compile(r"[A-Za-z_$][\w$]*(\.prototype)?\.[A-Za-z_$][\w$]*\s*=[^=]")


SPEC = LanguageSpec(
    name="javascript",
    entry_kinds=(
        EntryKind("entry.bin", "package.json bin", "role.cli", 2),
        EntryKind("entry.main", "package.json main", "", 6),
        EntryKind("entry.exports", "package.json exports", "", 7),
    ),
    extensions=(".js", ".jsx", ".mjs", ".cjs"),
    grammars={"": GrammarRef("tree_sitter_javascript", "language", pack_name="javascript")},
    package=__name__,
    shared_queries=((__name__, "common.scm"),),
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    private_method_prefixes=("_", "#"),
    private_method_words=("private", "protected"),  # TypeScript's modifiers
    constructor_names=("constructor",),
    # `a?.b()` is written with an optional-chaining separator but names the same member.
    separators=("?.", "."),
    project_manifests=("package.json",),
    manifest_names=(
        "package.json", "tsconfig.json", "jsconfig.json", "tsconfig.base.json", "pnpm-workspace.yaml",
    ),
    read_entry_points=manifests.read_entry_points,
    read_commands=manifests.read_commands,
    read_project_name=manifests.read_project_name,
    read_routes=routes.read_routes,
)
