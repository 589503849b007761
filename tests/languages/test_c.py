"""C support: extraction, include resolution, build files, entry points and commands.

The fixture checks run the stages directly (discover -> extract -> resolve) so a
failure names the stage that broke; tests/test_fixtures.py checks the whole analysis.
"""

from __future__ import annotations

import pytest

from mapper.discover import discover_files
from mapper.languages.c import bind_import, is_public
from mapper.languages.c.build import declared_include_dirs, normalise_path
from mapper.model import ImportSite
from mapper.parse.extract import extract_facts
from mapper.parse.grammars import GrammarLoader

from stages import (
    build_stages, effect_line_details, entry_keys, expected_entry_keys,
    expected_import_sets, import_sets,
)
from repos import write_tree

LANGUAGE = "c"
DEFAULT_PATH = "src/file.c"  # where source_facts puts a source text


def _edges(resolved, path: str) -> tuple[set, set]:
    item = next(r for r in resolved if r.path == path)
    return (
        {(e.line, e.target) for e in item.imports if e.target},
        {(e.line, e.external) for e in item.imports if e.external},
    )


# --- extraction ------------------------------------------------------------------------


def test_local_and_system_includes(source_facts):
    facts = source_facts('#include "util.h"\n#include <stdio.h>\n#include <sys/socket.h>\n#include CONFIG\n')
    assert {(s.line, s.source, s.kind) for s in facts.imports} == {
        (1, "util.h", "local"), (2, "<stdio.h>", "system"), (3, "<sys/socket.h>", "system"),
    }


DEFINITIONS = '''#ifndef SHAPES_H
#define SHAPES_H
struct point { int x, y; };
typedef struct point point_t;
typedef struct node { struct node *next; } node_t;
typedef struct { int w, h; } size_t2;
typedef unsigned long ulong;
union value { int i; double d; };
enum color { RED, GREEN };
struct point origin;
int area(const size_t2 *s);
char **names(void);
#define SQUARE(x) ((x) * (x))
#define LIMIT 10
#endif
static int helper(int x) { return x; }
int *make(void) { return 0; }
char **table(void) { return 0; }
int run(void) { int local_prototype(void); return helper(1); }
'''


def test_functions_prototypes_types_and_macros(source_facts):
    found = {(d.qualname, d.kind, d.public) for d in source_facts(DEFINITIONS, "src/shapes.h").definitions}
    assert found == {
        ("point", "struct", True), ("point_t", "type", True), ("node", "struct", True),
        ("node_t", "type", True), ("size_t2", "type", True), ("ulong", "type", True),
        ("value", "union", True), ("color", "enum", True), ("area", "function", True),
        ("names", "function", True), ("SQUARE", "macro", True), ("helper", "function", False),
        ("make", "function", True), ("table", "function", True), ("run", "function", True),
        ("run.local_prototype", "function", True),
    }  # no `origin` (a use of struct point), no LIMIT


CALLS = '''int main(int argc, char **argv)
{
    FILE *out = fopen("out.txt", "w");
    const char *home = getenv("HOME");
    system("make -C build");
    conn->ops->send(conn, "ping");
    stats.total.add(1);
    return 0;
}
'''


def test_calls_keep_receivers_and_first_string_argument(source_facts):
    facts = source_facts(CALLS)
    calls = {(c.line, c.callee, c.scope, c.arg) for c in facts.calls}
    assert {
        (3, "fopen", "main", "out.txt"), (4, "getenv", "main", "HOME"),
        (5, "system", "main", "make -C build"),
    } <= calls
    markers = {(m.kind, m.line) for m in facts.markers}
    assert markers == {("main_func", 1)}


@pytest.mark.parametrize(
    ("source", "summary"),
    [
        ("/* Tool does things.\n * More text.\n */\n#include <stdio.h>\n", "Tool does things. More text."),
        ("// Line comment summary.\n// Second line.\nint x;\n", "Line comment summary. Second line."),
        ("/*\n * Copyright (c) 2024 Acme.\n * SPDX-License-Identifier: MIT\n */\n/* The real summary. */\nint x;\n",
         "The real summary."),
        ("/* Licensed under the MIT license. */\nint x;\n", None),
        # tmux: every file opens with its CVS stamp
        ("/* $OpenBSD: tty.c,v 1.4 2026/08/20 09:19:24 nicm Exp $ */\n\nint x;\n", None),
        ("int x; /* trailing */\n", None),
    ],
)
def test_first_comment_is_the_summary_unless_a_licence(source, summary, source_facts):
    assert source_facts(source).summary == summary


def test_invalid_code_still_gives_the_facts_before_the_error(source_facts):
    facts = source_facts('#include <stdlib.h>\n\nint main(void) {\n    getenv("A");\n    if ((( {\n')
    assert facts.error_count == 1
    assert [s.source for s in facts.imports] == ["<stdlib.h>"]
    assert any(c.callee == "getenv" and c.arg == "A" for c in facts.calls)


def test_latin1_source_does_not_stop_extraction(language):
    # A comment's text goes through a query predicate, which decodes it as UTF-8 (the
    # first file through a compiled query may get away with it, not the next ones).
    loader = GrammarLoader()
    for path in ("src/old.c", "src/older.c"):
        facts = extract_facts(path, b"/* caf\xe9 */\nint main(void) { return 0; }\n", language, loader)
        assert [d.name for d in facts.definitions] == ["main"]
        assert facts.summary == "caf\ufffd"


# --- bindings and visibility -----------------------------------------------------------


def test_includes_bind_nothing():
    assert bind_import(ImportSite(1, "<stdlib.h>", kind="system")) is None
    assert bind_import(ImportSite(1, "util.h", kind="local")) is None


def test_static_definitions_are_private():
    assert not is_public("helper", "static int helper(void)")
    assert not is_public("counter", "static inline int counter(void)")
    assert is_public("run", "int run(void)")


def test_types_and_macros_of_a_source_file_are_its_own(source_facts):
    # tmux's input.c: its structs had taken the file's row ahead of the functions that
    # tmux.h declares; in a header they are the API.
    source = "#define MAX(a, b) ((a) > (b) ? (a) : (b))\nstruct input_ctx { int x; };\n" \
             "typedef int input_state;\nvoid input_parse(void) {}\n"
    in_source = {d.name: d.public for d in source_facts(source, "input.c").definitions}
    assert in_source == {"MAX": False, "input_ctx": False, "input_state": False, "input_parse": True}
    in_header = {d.name: d.public for d in source_facts(source, "input.h").definitions}
    assert all(in_header.values()), in_header


# --- resolution ------------------------------------------------------------------------


def test_quoted_includes_beside_the_file_then_on_the_include_path(tmp_path, registry):
    root = write_tree(tmp_path, {
        "CMakeLists.txt": "project(x C)\ninclude_directories(${CMAKE_CURRENT_SOURCE_DIR}/api)\n",
        "api/x/api.h": "int api(void);\n",
        "include/x/types.h": "typedef int x_t;\n",
        "src/local.h": "int local(void);\n",
        "src/sub/deep.h": "int deep(void);\n",
        "lib/net/socket.h": "int sock(void);\n",
        "src/main.c": (
            '#include "local.h"\n#include "x/api.h"\n#include <x/types.h>\n#include "sub/deep.h"\n'
            '#include "net/socket.h"\n#include "../src/local.h"\n#include <stdio.h>\n'
            '#include "config.h"\n#include "./missing.h"\n#include <curl/curl.h>\n'
            '#include "src/generated.h"\n'
        ),
    })
    _, _, resolved = build_stages(root, registry)
    targets, externals = _edges(resolved, "src/main.c")
    assert targets == {
        (1, "src/local.h"), (2, "api/x/api.h"), (3, "include/x/types.h"), (4, "src/sub/deep.h"),
        (5, "lib/net/socket.h"),  # found by its path ending
        (6, "src/local.h"),
    }
    # A header the repository does not have is external, as the compiler would look
    # it up among the system headers; a ./ path or one into a folder of the repository
    # (a header generated at build time) is the project's own and stays unresolved.
    assert externals == {(7, "stdio.h"), (8, "config.h"), (10, "curl/curl.h")}


def test_system_includes_are_not_matched_by_path_ending(tmp_path, registry):
    root = write_tree(tmp_path, {
        "src/compat/time.h": "int t;\n",
        "src/main.c": "#include <time.h>\n",
    })
    _, _, resolved = build_stages(root, registry)
    assert _edges(resolved, "src/main.c") == (set(), {(1, "time.h")})


def test_include_dirs_from_cmake_meson_and_makefiles(tmp_path, registry):
    root = write_tree(tmp_path, {
        "CMakeLists.txt": (
            "# include_directories(commented)\n"
            "include_directories(include \"${PROJECT_SOURCE_DIR}/third\")\n"
            "target_include_directories(app PRIVATE src/api PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/gen>)\n"
            "include_directories(${OTHER}/skip /usr/include)\n"
        ),
        "lib/meson.build": "inc = include_directories('public', '../shared')\n",
        "tools/Makefile": "CFLAGS += -Iinclude -I ../vendor -I$(SRC)/x\n",
    })
    snapshot = discover_files(root, registry)
    assert declared_include_dirs(snapshot) == (
        "include", "third", "src/api", "gen", "lib/public", "shared", "tools/include", "vendor",
    )


@pytest.mark.parametrize(
    ("path", "normal"),
    [("a/./b/../c.h", "a/c.h"), ("", ""), (".", ""), ("../x.h", None), ("a/../../x.h", None)],
)
def test_paths_are_normalised_inside_the_repository(path, normal):
    assert normalise_path(path) == normal


# --- the fixture -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_build(fixture_stages):
    return fixture_stages("c-tool")


def test_fixture_import_edges_and_externals_are_exact(fixture_build):
    expected, _, _, resolved = fixture_build
    edges, externals = import_sets(resolved)
    expected_edges, expected_externals = expected_import_sets(expected)
    assert edges == expected_edges
    assert externals == expected_externals


def test_fixture_definitions(fixture_build):
    _, _, facts, _ = fixture_build
    by_path = {f.path: {(d.qualname, d.kind, d.public) for d in f.definitions} for f in facts}
    assert {("bakup_config", "struct", True), ("bakup_config", "type", True),
            ("config_load", "function", True)} <= by_path["include/bakup/config.h"]
    assert {("write_manifest", "function", False), ("archive_create", "function", True)} <= by_path["src/archive.c"]
    assert ("MIN", "macro", True) in by_path["src/util.h"]


def test_fixture_effect_callees(fixture_build):
    """Each expected effect is a call on its line, in its symbol, named as its detail."""
    expected, _, facts, _ = fixture_build
    for effect in expected["effects"]:
        assert (effect["symbol"], effect["detail"]) in effect_line_details(effect, facts), effect


def test_fixture_summaries_skip_the_licence_header(fixture_build):
    _, _, facts, _ = fixture_build
    summaries = {f.path: f.summary for f in facts}
    assert summaries["src/archive.c"] == "Builds tar archives and records them in the catalogue."
    assert summaries["src/util.c"] is None


def test_fixture_entry_points_and_commands(fixture_build, language):
    expected, snapshot, facts, _ = fixture_build
    found = entry_keys(e for f in facts for e in language.spec.file_entry_points(f))
    found |= entry_keys(language.spec.read_entry_points(snapshot))
    assert found == expected_entry_keys(expected)
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("build", "cmake -B build && cmake --build build"), ("test", "ctest --test-dir build"),
    }
    assert language.spec.read_project_name(snapshot) == "bakup"


# --- entry points and commands ---------------------------------------------------------


def test_meson_autotools_and_nested_cmake_projects(tmp_path, registry, language):
    root = write_tree(tmp_path, {
        "meson.build": "project('gizmo', 'c')\nexecutable('gizmo', 'main.c')\ntest('basic', exe)\n",
        "configure.ac": "AC_INIT([gizmo], [1.0])\n",
        "libs/CMakeLists.txt": "project(libs C)\nadd_subdirectory(core)\n",
        # Catch2's fuzzing/: a name built from a variable is no name, not even its prefix.
        "libs/core/CMakeLists.txt": "add_executable(${NAME} main.c)\nadd_executable(corectl ctl.c) # tool\n"
        "add_executable(fuzz_${fuzzer} fuzz_${fuzzer}.cpp)\n",
    })
    snapshot = discover_files(root, registry)
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("build", "meson setup build && meson compile -C build"), ("test", "meson test -C build"),
        ("build", "autoreconf -i && ./configure && make"),
        ("build", "cd libs && cmake -B build && cmake --build build"),
    }
    entries = {(e.name, e.evidence.path, e.evidence.line) for e in language.spec.read_entry_points(snapshot)}
    assert entries == {("corectl", "libs/core/CMakeLists.txt", 2)}
    assert language.spec.read_project_name(snapshot) == "gizmo"


def test_one_entry_point_per_file_with_main(source_facts, language):
    facts = source_facts("int main(void) { return 0; }\n", "src/tool.c")
    assert [(e.kind, e.name, e.target, e.evidence.line) for e in language.spec.file_entry_points(facts)] == [
        ("entry.c_main", "src/tool.c", "src/tool.c", 1),
    ]
    assert language.spec.file_entry_points(source_facts("int run(void) { return 0; }\n")) == []
