"""C: ``.c`` and ``.h`` files.

Supported: ``#include "x.h"`` (beside the including file, then on the include path)
and ``#include <x.h>`` (include path only); the include path from CMake
``include_directories``/``target_include_directories``, meson ``include_directories``
and Makefile ``-I`` flags, then top-level ``include/``, ``inc/``, ``src/``, the root
and any directory named ``include``; quoted includes found by their path ending as a
last resort; other headers external under their path (``stdio.h``, ``curl/curl.h``).
Definitions: functions (also behind pointer declarators), prototypes, structs,
unions and enums with a body, typedefs, function-like macros; ``static`` ones are not
public. Calls with their first string argument, ``p->fn()`` and ``s.fn()`` keeping
their receiver (``p.fn``); ``main`` (an entry point per file); the first comment as
summary unless it is a licence header. CMake ``add_executable`` targets; commands for
CMake (ctest when tests are declared), meson and autotools; the project name from
CMake or meson ``project()``.

Known gaps: ``.h`` files count as C unless the repository is C++ (C++ adopts them
where it has ten times as many files as C has ``.c`` files): in a project of both, a
C++ header's classes are missed (its includes and functions are still read, with
more syntax errors). The preprocessor is
not run: every ``#if`` branch counts, macros that expand to calls or definitions are
invisible (and macro-heavy headers parse with errors), and a computed
``#include MACRO`` is dropped. A generated header included by its bare name
(``"config.h"``) shows up as an external. Calls through function pointers keep the
pointer's name. Only calls a later stage can use are kept (see the extractor), so a
call of a function from another file is dropped: includes bind no names.
"""

from __future__ import annotations

import re

from mapper.languages.c import manifests, resolve
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite

_STATIC = re.compile(r"\bstatic\b")


def bind_import(site: ImportSite) -> Binding | None:
    """An include binds no name: C has one global namespace, so callees match as written."""
    return None


def is_public(name: str, line_text: str) -> bool:
    """``static`` gives internal linkage; everything else links from other files."""
    return not _STATIC.search(line_text)


SPEC = LanguageSpec(
    name="c",
    entry_kinds=(
        EntryKind("entry.c_main", "C main", "role.cli", 14),
        EntryKind("entry.cmake_executable", "CMake executable", "", 14),
    ),
    extensions=(".c", ".h"),
    grammars={"": GrammarRef("tree_sitter_c", "language", pack_name="c")},
    package=__name__,
    shared_queries=(("mapper.languages.c", "common.scm"),),
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    separators=("::", "->", "."),
    # tmux's input.c defines its structs (input_ctx, input_cell) for itself: they had
    # taken the file's row ahead of the functions tmux.h declares.
    file_local_kinds=((".c", frozenset({"struct", "union", "enum", "type", "macro"})),),
    manifest_names=manifests.MANIFEST_NAMES,
    project_manifests=("CMakeLists.txt", "meson.build"),
    read_entry_points=manifests.read_entry_points,
    read_commands=manifests.read_commands,
    file_entry_points=manifests.main_entry_points("entry.c_main"),
    read_project_name=manifests.read_project_name,
)
