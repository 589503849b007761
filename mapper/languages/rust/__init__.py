"""Rust: ``.rs`` files.

Supported: ``use`` declarations (paths, ``as`` renames, globs, one level of braces,
``self`` in braces, leading ``::``), ``mod foo;`` (``foo.rs``, ``foo/mod.rs``,
non-``mod.rs`` parents, ``#[path]``, ``mod`` inside inline modules) and ``extern
crate``; module trees from every crate root Cargo knows (``src/lib.rs``,
``src/main.rs``, ``src/bin/*``, tests, examples, benches, build scripts,
``[lib]``/``[[bin]]`` paths); ``crate::``, ``self::``, ``super::``, child-module
(2018) and root-module (2015 edition) paths; workspace crates (member globs, package
names with ``-`` -> ``_``) resolving into their library; std/core/alloc and other
crates as externals. Definitions: functions, structs, unions, enums, traits, type
aliases, ``macro_rules!``, impl blocks (methods get ``Type.method`` qualnames), inline
modules. Calls, including ``Command::new(...)`` paths, method calls and macro
invocations, with their first string argument; ``fn main``; ``static mut`` items;
``//!`` crate/module docs. Commands: cargo build/test/run per workspace or package,
``cargo clippy`` when configured, ``.cargo/config.toml`` aliases. Binaries from the
layout and ``[[bin]]`` tables.

Known gaps: a brace group nested in a brace group (``use a::{b::{C, D}}``) is
recorded as an import of module ``a::b`` and binds no names; items re-exported with
``pub use`` are resolved to the re-exporting file, not followed; macros that generate
``mod``/``use`` items, ``cfg`` conditions and dependency renames (``package = ...``) are
not understood; a ``use`` of a lowercase local item that is not a module (rare) is
taken for an external crate. Functions inside inline modules are classed as methods
by the generic extractor.
"""

from __future__ import annotations

import re

from mapper.languages.rust import manifests, resolve, routes
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite

_PUB = re.compile(r"\bpub\b")


def bind_import(site: ImportSite) -> Binding | None:
    """``use std::process::Command`` binds ``Command`` -> ``std.process.Command``.

    ``mod foo;`` binds ``foo`` to itself: its qualified path depends on the declaring
    file, but the resolver pins the binding to the module's file, which is what calls
    like ``foo::run()`` need. Globs and nested brace groups bind nothing.
    """
    if site.kind == "mod":
        return Binding(site.source, site.source)
    if site.kind in ("glob", "use_group"):
        return None
    segments = [s for s in resolve.use_path(site) if s]
    if not segments:
        return None
    if site.kind == "extern_crate":
        return Binding(site.alias or segments[0], segments[0])
    local = site.alias or segments[-1]
    if local in ("self", "crate", "super"):
        return None
    return Binding(local, ".".join(segments))


def is_public(name: str, line_text: str) -> bool:
    """``pub`` in any form (``pub(crate)`` too): visible beyond its own file."""
    return bool(_PUB.search(line_text))


SPEC = LanguageSpec(
    name="rust",
    entry_kinds=(EntryKind("entry.rust_bin", "Rust binary", "role.cli", 5),),
    extensions=(".rs",),
    grammars={"": GrammarRef("tree_sitter_rust", "language", pack_name="rust")},
    package=__name__,
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    separators=("::", "."),
    project_manifests=("Cargo.toml",),
    manifest_names=("Cargo.toml", "clippy.toml", ".clippy.toml", "config.toml"),
    read_entry_points=manifests.read_entry_points,
    read_commands=manifests.read_commands,
    read_project_name=manifests.read_project_name,
    read_routes=routes.read_routes,
)
