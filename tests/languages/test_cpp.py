"""C++ support: extraction, bindings, the include resolution shared with C, entry points.

The fixture checks run the stages directly (discover -> extract -> resolve) so a
failure names the stage that broke; tests/test_fixtures.py checks the whole analysis.
"""

from __future__ import annotations

import pytest

from mapper.discover import discover_files
from mapper.languages.cpp import bind_import
from mapper.model import ImportSite

from stages import (
    build_stages, effect_line_details, entry_keys, expected_entry_keys,
    expected_import_sets, import_sets,
)
from repos import write_tree

LANGUAGE = "cpp"
DEFAULT_PATH = "src/file.cpp"  # where source_facts puts a source text


# --- extraction ------------------------------------------------------------------------

IMPORTS = '''#include "server.hpp"
#include <vector>
using namespace std;
using namespace boost::asio;
using std::system;
namespace fs = std::filesystem;
'''


def test_includes_using_declarations_and_namespace_aliases(source_facts):
    assert {(s.line, s.source, s.alias, s.kind) for s in source_facts(IMPORTS).imports} == {
        (1, "server.hpp", None, "local"),
        (2, "<vector>", None, "system"),
        (3, "std", None, "using_namespace"),
        (4, "boost::asio", None, "using_namespace"),
        (5, "std::system", None, "using"),
        (6, "std::filesystem", "fs", "namespace_alias"),
    }


DEFINITIONS = '''namespace app {
class Server : public Base {
public:
    explicit Server(int port);
    ~Server();
    void run() { loop(); }
    Server& self();
    static int count();
    bool operator==(const Server& other) const;
private:
    int port_;
};
struct Point { int x; int length() const { return x; } };
template <typename T> class Box { T value; };
enum class Color { Red, Green };
using Handler = void (*)(int);
void Server::serve() {}
Server::Server(int port) : port_(port) {}
Server::~Server() {}
template <typename T> T Box<T>::get() { return value; }
int helper(int x);
static void internal() {}
}
'''


def test_classes_members_and_out_of_line_definitions(source_facts):
    found = {(d.qualname, d.kind, d.public) for d in source_facts(DEFINITIONS, "include/server.hpp").definitions}
    assert found == {
        ("Server", "class", True),
        ("Server.Server", "method", True),
        ("Server.~Server", "method", True),
        ("Server.run", "method", True),
        ("Server.self", "method", True),
        ("Server.count", "method", False),  # static: a known gap for members
        ("Server.operator==", "method", True),
        ("Point", "struct", True),
        ("Point.length", "method", True),
        ("Box", "class", True),
        ("Color", "enum", True),
        ("Handler", "type", True),
        ("Server.serve", "method", True),
        ("Box.get", "method", True),
        ("helper", "function", True),
        ("internal", "function", False),
    }  # namespaces are markers, not part of names


def test_types_defined_in_a_source_file_are_its_own(source_facts):
    # What a .cpp file defines for itself no other file sees; its functions and the
    # members it defines out of line (Server::serve) stay public.
    found = {(d.qualname, d.public) for d in source_facts(DEFINITIONS, "src/server.cpp").definitions}
    assert {("Server", False), ("Point", False), ("Color", False), ("Handler", False)} <= found
    assert {("Server.serve", True), ("helper", True), ("internal", False)} <= found


# Calls a later stage cannot use are dropped at extraction, so the callees here are
# defined in the file, known to the tables or called on `this`.
CALLS = '''class Server { void flush(); void run(); };
int parse(const char* text);
void exit(int status);
void Server::run() {
    std::system("make");
    auto now = std::chrono::steady_clock::now();
    std::ofstream out("log.txt");
    std::ofstream later(path);
    std::random_device seed;
    auto server = new Server(8080);
    this->flush();
    ::exit(1);
    auto n = parse<int>("42");
    auto p = std::make_unique<Server>(1);
    std::string name = "x";
}
'''


def test_calls_constructions_and_their_names(source_facts):
    facts = source_facts(CALLS)
    calls = {(c.line, c.callee, c.arg) for c in facts.calls}
    assert calls == {
        (5, "std.system", "make"),
        (6, "std.chrono.steady_clock.now", None),
        (7, "std.ofstream", "log.txt"),
        (8, "std.ofstream", None),  # `later(path)` parses as a prototype: still a construction
        (9, "std.random_device", None),
        (10, "Server", None),
        (11, "this.flush", None),
        (12, "exit", None),
        (13, "parse", "42"),
    }  # make_unique<Server> is dropped: its text is no dotted name
    assert {c.scope for c in facts.calls} == {"Server.run"}
    assert not any(d.name in ("later", "out") for d in facts.definitions)


def test_namespace_and_main_markers(source_facts):
    facts = source_facts("namespace a { namespace b {} }\nint main() { return 0; }\n")
    assert {(m.kind, m.name, m.line) for m in facts.markers} == {
        ("namespace", "a", 1), ("namespace", "b", 1), ("main_func", "", 2),
    }


def test_invalid_code_still_gives_the_facts_before_the_error(source_facts):
    facts = source_facts('#include <cstdlib>\nint main() {\n    std::getenv("A");\n    class {{{\n')
    assert facts.error_count == 1
    assert [s.source for s in facts.imports] == ["<cstdlib>"]
    assert any(c.callee == "std.getenv" and c.arg == "A" for c in facts.calls)


# --- bindings --------------------------------------------------------------------------


def test_bindings_of_using_declarations_and_namespace_aliases():
    assert bind_import(ImportSite(1, "std::system", kind="using")).local == "system"
    assert bind_import(ImportSite(1, "std::system", kind="using")).qualified == "std.system"
    alias = bind_import(ImportSite(1, "std::filesystem", alias="fs", kind="namespace_alias"))
    assert (alias.local, alias.qualified) == ("fs", "std.filesystem")
    assert bind_import(ImportSite(1, "std", kind="using_namespace")) is None
    assert bind_import(ImportSite(1, "<vector>", kind="system")) is None


# --- resolution ------------------------------------------------------------------------


def test_cpp_sources_reach_c_headers_and_using_names_no_file(tmp_path, registry):
    root = write_tree(tmp_path, {
        "include/lib/api.h": "int api(void);\n",
        "include/lib/widget.hpp": "#pragma once\n",
        "src/main.cpp": (
            '#include <lib/api.h>\n#include "lib/widget.hpp"\n#include <string>\n'
            "using namespace std;\nnamespace fs = std::filesystem;\n"
        ),
    })
    _, _, resolved = build_stages(root, registry)
    main = next(r for r in resolved if r.path == "src/main.cpp")
    assert {(e.line, e.target or e.external) for e in main.imports} == {
        (1, "include/lib/api.h"), (2, "include/lib/widget.hpp"), (3, "string"),
    }
    assert {(b.local, b.qualified) for b in main.bindings} == {("fs", "std.filesystem")}


# --- the fixture -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_build(fixture_stages):
    return fixture_stages("cpp-lib")


def test_fixture_import_edges_and_externals_are_exact(fixture_build):
    expected, _, _, resolved = fixture_build
    edges, externals = import_sets(resolved)
    expected_edges, expected_externals = expected_import_sets(expected)
    assert edges == expected_edges
    assert externals == expected_externals


def test_fixture_definitions(fixture_build):
    _, _, facts, _ = fixture_build
    by_path = {f.path: {(d.qualname, d.kind) for d in f.definitions} for f in facts}
    assert {("Store", "class"), ("Store.put", "method"), ("Store.flush", "method")} <= by_path["include/kvstore/store.hpp"]
    assert {("Store.Store", "method"), ("Store.flush", "method"), ("kvstore_version", "function")} <= by_path["src/store.cpp"]
    assert ("kvstore_version", "function") in by_path["include/kvstore/version.h"]  # read as C


def test_fixture_effect_callees_resolve_through_bindings(fixture_build):
    """Each expected effect is a call whose canonical callee (or env name) is its detail."""
    expected, _, facts, resolved = fixture_build
    for effect in expected["effects"]:
        assert (effect["symbol"], effect["detail"]) in effect_line_details(effect, facts, resolved), effect


def test_fixture_entry_points_and_commands(fixture_build, registry, language):
    expected, snapshot, facts, _ = fixture_build
    found = entry_keys(e for f in facts for e in registry.get(f.language).spec.file_entry_points(f))
    found |= entry_keys(language.spec.read_entry_points(snapshot))
    assert found == expected_entry_keys(expected)
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("build", "cmake -B build && cmake --build build"), ("test", "ctest --test-dir build"),
    }
    assert language.spec.read_project_name(snapshot) == "kvstore"


def test_headers_named_h_are_c(registry):
    assert registry.for_path("include/widget.h").spec.name == "c"
    assert all(registry.for_path(f"x{ext}").spec.name == "cpp"
               for ext in (".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".ipp"))


def test_the_headers_of_a_cpp_project_are_cpp(tmp_path, registry):
    # googletest's and leveldb's headers are .h: read as C, their classes and methods
    # were lost. A header follows the language the project is written in; one C test
    # file among C++ sources does not make the headers C, a C project's do stay C.
    cpp = {f"src/part{n}.cc": f'#include "part{n}.h"\n' for n in range(10)}
    cpp |= {f"src/part{n}.h": f"class Part{n} {{ public: void run(); }};\n" for n in range(10)}
    cpp["test/c_test.c"] = "int main(void) { return 0; }\n"
    languages = {s.path: s.language for s in discover_files(write_tree(tmp_path / "cpp", cpp), registry).sources}
    assert languages["src/part0.h"] == "cpp" and languages["test/c_test.c"] == "c"
    c = {f"src/part{n}.c": f'#include "part{n}.h"\n' for n in range(3)}
    c |= {f"src/part{n}.h": "int part(void);\n" for n in range(3)} | {"bindings/wrap.cc": "int x;\n"}
    languages = {s.path: s.language for s in discover_files(write_tree(tmp_path / "c", c), registry).sources}
    assert languages["src/part0.h"] == "c"
