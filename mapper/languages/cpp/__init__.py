"""C++: ``.cc``, ``.cpp``, ``.cxx``, ``.c++``, ``.hpp``, ``.hh``, ``.hxx``, ``.h++``, ``.ipp``, ``.tpp``.

Supported: includes resolved exactly as for C (the resolver, the build-file readers and
the CMake / meson / autotools commands are the C folder's); ``using namespace``
(binds nothing), ``using std::system;`` (binds ``system`` -> ``std.system``) and
namespace aliases (``namespace fs = std::filesystem;`` binds ``fs``). Definitions:
functions, classes, structs, unions, enums, typedefs and ``using`` aliases, members
defined in a class body or declared in it (methods), out-of-line members
(``void Server::run()`` -> ``Server.run``, also through one namespace qualifier and a
template class), prototypes outside function bodies, function-like macros. Calls with
their first string argument: ``std::system`` -> ``std.system``, ``p->fn`` -> ``p.fn``,
``::exit`` -> ``exit``, ``foo<int>(x)`` -> ``foo``; ``new X(...)`` and object
declarations (``std::ofstream out("f")``, ``std::random_device rd;``) count as calls of
the class. ``main`` is an entry point; namespaces are ``namespace`` markers.

Known gaps: headers named ``.h`` are read as C (the extension decides the language),
so their classes and methods are missed. Qualified template calls
(``std::make_unique<T>()``) are dropped: their text is not a dotted name. A function
qualified by a namespace (``ns::helper() {...}``) looks like an out-of-line member
(``ns.helper``); functions in an anonymous namespace count as public; ``static``
members count as private. Namespaces are not part of qualified names, so that the
classes and functions of a namespaced library stay top-level symbols. Overloads share
one name. The preprocessor is not run (see the C folder).
"""

from __future__ import annotations

from dataclasses import replace

from mapper.languages.c import SPEC as C
from mapper.languages.c import manifests
from mapper.languages.spec import GrammarRef
from mapper.model import Binding, EntryKind, ImportSite

__all__ = ["SPEC", "bind_import"]

_SCOPE = "::"


def bind_import(site: ImportSite) -> Binding | None:
    """``using std::system;`` binds ``system``; ``namespace fs = std::filesystem;`` binds ``fs``.

    Includes and ``using namespace`` bind nothing: their names are used unqualified, and
    a qualified call (``std::system``) is canonical as written.
    """
    qualified = ".".join(part for part in site.source.split(_SCOPE) if part.strip())
    if site.kind == "using" and qualified:
        return Binding(qualified.rsplit(".", 1)[-1], qualified)
    if site.kind == "namespace_alias" and site.alias and qualified:
        return Binding(site.alias, qualified)
    return None


# C's resolver, separators, visibility rule, shared queries (c/common.scm) and build-file
# readers; its own files, grammar, bindings, facts.scm and knowledge tables.
SPEC = replace(
    C,
    name="cpp",
    extensions=(".cc", ".cpp", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".h++", ".ipp", ".tpp"),
    grammars={"": GrammarRef("tree_sitter_cpp", "language", pack_name="cpp")},
    package=__name__,
    bind_import=bind_import,
    file_entry_points=manifests.main_entry_points("entry.cpp_main"),
    # googletest's and leveldb's headers are .h: parsed as C, their classes and
    # methods were lost and 77 files had syntax errors.
    adopts=((".h", "c"),),
    file_local_kinds=tuple((extension, frozenset({"class", "struct", "union", "enum", "type", "macro"}))
                           for extension in (".cc", ".cpp", ".cxx", ".c++")),
    entry_kinds=(
        EntryKind("entry.cpp_main", "C++ main", "role.cli", 14),
        EntryKind("entry.cmake_executable", "CMake executable", "", 14),
    ),
)
