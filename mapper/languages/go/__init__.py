"""Go: ``.go`` files.

Supported: single and grouped imports with aliases, blank (``_``) and dot (``.``)
imports; module paths from every go.mod (multi-module repositories and go.work
layouts), an in-module import reaching every non-test file of the package directory;
standard-library and third-party packages as externals (third-party ones under the
module that go.mod requires); functions, methods, struct / interface / other type
declarations, interface methods; calls with their first string argument, resolved
through the import's package name (``exec.Command`` -> ``os/exec.Command``);
``package`` clauses and ``func main`` (entry point per ``package main`` directory);
package doc comments; ``go build`` / ``go test`` per module, golangci-lint when
configured.

Known gaps: a method's qualified name is its bare name (``Start``, not
``Server.Start``): the receiver type is not inside the name node the generic extractor
reads. Calls on values (``db.Query``) are matched by method name only, since receiver
types are not inferred. ``replace`` directives, build tags and GOPATH mode are ignored.
A package whose name differs from the last element of its import path binds the wrong
local name unless the import is aliased: ``github.com/redis/go-redis/v9`` binds
``go-redis`` (its package is ``redis``), so its calls are not recognised.
"""

from __future__ import annotations

import re

from mapper.languages.go import manifests, resolve
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite

_MAJOR_VERSION_ELEMENT = re.compile(r"^v\d+$")
_GOPKG_VERSION_SUFFIX = re.compile(r"\.v\d+$")


def package_name(import_path: str) -> str:
    """The name a package is used by when imported without an alias.

    That is the last path element, skipping a ``/vN`` major-version element
    (``github.com/go-chi/chi/v5`` -> ``chi``) and gopkg.in's ``.vN`` suffix
    (``gopkg.in/yaml.v3`` -> ``yaml``). A ``go-`` prefix stays: guessing it away
    would be right for some packages and wrong for others.
    """
    parts = [p for p in import_path.split("/") if p]
    if len(parts) > 1 and _MAJOR_VERSION_ELEMENT.match(parts[-1]):
        parts = parts[:-1]
    return _GOPKG_VERSION_SUFFIX.sub("", parts[-1]) if parts else import_path


def bind_import(site: ImportSite) -> Binding | None:
    """``import "os/exec"`` binds ``exec``; an alias binds itself; ``_`` and ``.`` bind nothing."""
    if site.kind in ("blank", "dot"):
        return None
    return Binding(site.alias or package_name(site.source), site.source)


def is_public(name: str, line_text: str) -> bool:
    return name[:1].isupper()


SPEC = LanguageSpec(
    name="go",
    entry_kinds=(EntryKind("entry.go_main", "Go main package", "role.cli", 4),),
    extensions=(".go",),
    grammars={"": GrammarRef("tree_sitter_go", "language", pack_name="go")},
    package=__name__,
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    project_manifests=("go.mod",),
    manifest_names=(
        "go.mod", "go.work", ".golangci.yml", ".golangci.yaml", ".golangci.toml",
        ".golangci.json",
    ),
    read_commands=manifests.read_commands,
    file_entry_points=manifests.file_entry_points,
    read_project_name=manifests.read_project_name,
)
