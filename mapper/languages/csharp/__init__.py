"""C#: ``.cs`` files.

Supported: ``using`` (also ``global using``), ``using X = A.B.C`` aliases and ``using
static``; a namespace using reaches every file declaring that namespace (block or
file-scoped; the nearest 50), an alias or static using of a type reaches the files
declaring the type (partial classes: all of them); other namespaces are externals
under their first two segments (``System.Net``, ``Microsoft.AspNetCore``).
Definitions: classes, structs, interfaces, enums, records, methods, constructors and
properties (``Type.Member`` qualnames, namespaces left out). Calls with their first
string argument, ``new X(...)`` as a call to ``X``, generic calls without their type
arguments. Markers: namespaces (kind ``package``), ``static Main`` (named after its
type) and the first top-level statement (kind ``main_func``), ASP.NET attributes and
route templates (attributes and ``app.MapGet("/x")``). Summary: the ``///`` doc
comment of the first documented type. Entry points: ``Main`` and top-level statements
(``entry.dotnet_main``), ``WebApplication.CreateBuilder`` (``entry.web_app``).
Commands: ``dotnet build``/``test`` per solution (or per project without one),
``dotnet run --project`` for projects with a ``Program.cs``. Library projects: a
``.csproj`` that declares package metadata and references no test framework (xunit,
NUnit, MSTest, the test SDK) is no test folder, whatever its name (``Polly.Testing``).

Bindings: only an alias binds a name (``using IO = System.IO.File`` binds ``IO``). A
namespace using opens every type of the namespace, and which types those are is not
known without the assemblies, so calls stay as written (``File.WriteAllText``) and the
knowledge tables list the unqualified forms next to the qualified ones.

Known gaps: code sees its own and enclosing namespaces without a using, so those
references are not edges; implicit usings (SDK-generated ``global using``) are not
read; nested block namespaces record only the inner name; calls through ``using
static`` members, extension methods and instance members match by method name only;
property reads (``DateTime.UtcNow``) are not calls; project files are not read, so
references between projects come from usings alone and "executable" means "has a
Program.cs".
"""

from __future__ import annotations

import re

from mapper.languages.csharp import manifests, resolve
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite

# A line holding only attributes: the modifiers are on a later line, out of sight.
_ATTRIBUTES_ONLY = re.compile(r"\s*(\[[^\]]*\]\s*)+")
_PUBLIC = re.compile(r"\bpublic\b")


def bind_import(site: ImportSite) -> Binding | None:
    """``using X = A.B.C`` binds ``X``; namespace and static usings bind no single name."""
    return Binding(site.alias, site.source) if site.alias else None


def is_public(name: str, line_text: str) -> bool:
    """``public`` before the name; a line of attributes alone hides the modifiers: public."""
    at = re.search(rf"\b{re.escape(name)}\b", line_text)
    if at is None:
        return bool(_ATTRIBUTES_ONLY.fullmatch(line_text))
    return bool(_PUBLIC.search(line_text[: at.start()]))


SPEC = LanguageSpec(
    name="csharp",
    entry_kinds=(EntryKind("entry.dotnet_main", ".NET Main", "role.cli", 14),),
    extensions=(".cs",),
    grammars={"": GrammarRef("tree_sitter_c_sharp", "language", pack_name="csharp")},
    package=__name__,
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    read_commands=manifests.read_commands,
    file_entry_points=manifests.file_entry_points,
    read_project_name=manifests.read_project_name,
    read_library_projects=manifests.read_library_projects,
    manifest_suffixes=(manifests.PROJECT_SUFFIX,),
)
