"""Go support: extraction, bindings, go.mod resolution, entry points and commands.

The fixture checks run the stages directly (discover -> extract -> resolve) so a
failure names the stage that broke; tests/test_fixtures.py checks the whole analysis.
"""

from __future__ import annotations

import pytest

from mapper.discover import discover_files
from mapper.languages.go import bind_import, package_name
from mapper.model import ImportSite

from stages import (
    build_stages, effect_line_details, expected_import_sets, import_sets,
)
from repos import write_tree

LANGUAGE = "go"
DEFAULT_PATH = "pkg/file.go"  # where source_facts puts a source text


# --- extraction ------------------------------------------------------------------------

IMPORTS = '''package main

import "fmt"
import (
	"os/exec"
	web "net/http"
	_ "github.com/lib/pq"
	. "strings"
)
'''


def test_single_grouped_aliased_blank_and_dot_imports(source_facts):
    sites = {(s.line, s.source, s.alias, s.kind) for s in source_facts(IMPORTS).imports}
    assert sites == {
        (3, "fmt", None, "import"),
        (5, "os/exec", None, "import"),
        (6, "net/http", "web", "import"),
        (7, "github.com/lib/pq", None, "blank"),
        (8, "strings", None, "dot"),
    }


DEFINITIONS = '''package shop

type Server struct{ addr string }
type Runner interface{ Run() error }
type ID int
type (
	Name = string
	Handler func(int) error
)

func NewServer() *Server { return &Server{} }
func (s *Server) Start() error { return nil }
func (s Box[T]) get() T { var zero T; return zero }
'''


def test_functions_methods_and_type_declarations(source_facts):
    found = {(d.qualname, d.kind, d.public) for d in source_facts(DEFINITIONS).definitions}
    assert found == {
        ("Server", "struct", True),
        ("Runner", "interface", True),
        ("Runner.Run", "method", True),
        ("ID", "type", True),
        ("Name", "type", True),
        ("Handler", "type", True),
        ("NewServer", "function", True),
        ("Server.Start", "method", True),
        ("Box.get", "method", False),
    }


CALLS = '''package main

import "os"
import "os/exec"

func main() {
	os.Getenv("HOME")
	os.Getenv(`RAW_NAME`)
	exec.Command("ls").Run()
	func() { helper() }()
	unknown.Thing()
}

func helper() {}
'''


def test_calls_keep_callee_scope_and_first_string_argument(source_facts):
    calls = {(c.line, c.callee, c.scope, c.arg) for c in source_facts(CALLS).calls}
    assert (7, "os.Getenv", "main", "HOME") in calls
    assert (8, "os.Getenv", "main", "RAW_NAME") in calls
    assert (9, "exec.Command", "main", "ls") in calls
    assert (10, "helper", "main", None) in calls
    # Neither bound, defined nor known to the tables: nothing could resolve these.
    assert not any(c[1] in ("?.Run", "unknown.Thing") for c in calls)


def test_package_and_main_markers(source_facts):
    markers = {(m.kind, m.name, m.line) for m in source_facts(CALLS).markers}
    assert markers == {("package", "main", 1), ("main_func", "", 6)}


@pytest.mark.parametrize(
    ("source", "summary"),
    [
        ("// Package shop sells things.\n// More detail.\npackage shop\n", "Package shop sells things."),
        ("// Copyright 2024 Acme.\n\n//go:build linux\n\n// Package shop sells.\npackage shop\n", "Package shop sells."),
        ("// Hugo builds sites.\npackage main\n", "Hugo builds sites."),
        ("// Copyright 2024 Acme. All rights reserved.\n\npackage shop\n", None),
        ("/*\nPackage shop sells things.\n\nLonger text.\n*/\npackage shop\n", "Package shop sells things."),
        ("package shop\n", None),
    ],
)
def test_package_doc_comment_is_the_summary(source, summary, source_facts):
    assert source_facts(source).summary == summary


def test_invalid_code_still_gives_the_facts_before_the_error(source_facts):
    facts = source_facts('package main\n\nimport "os"\n\nfunc main() {\n\tos.Getenv("A")\n\tif {{{\n')
    assert facts.error_count == 1
    assert [s.source for s in facts.imports] == ["os"]
    assert any(c.callee == "os.Getenv" and c.arg == "A" for c in facts.calls)


# --- bindings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("os/exec", "exec"),
        ("fmt", "fmt"),
        ("github.com/go-chi/chi/v5", "chi"),
        ("gopkg.in/yaml.v3", "yaml"),
        ("github.com/jackc/pgx/v5/pgxpool", "pgxpool"),
        ("github.com/redis/go-redis/v9", "go-redis"),  # the brief: a go- prefix stays
        ("go.uber.org/zap", "zap"),
    ],
)
def test_package_name_is_the_last_path_element(path, name):
    assert package_name(path) == name


def test_bindings_use_the_package_name_or_the_alias():
    assert bind_import(ImportSite(1, "os/exec")).local == "exec"
    assert bind_import(ImportSite(1, "os/exec")).qualified == "os/exec"
    assert bind_import(ImportSite(1, "net/http", alias="web")).local == "web"
    assert bind_import(ImportSite(1, "github.com/lib/pq", kind="blank")) is None
    assert bind_import(ImportSite(1, "strings", kind="dot")) is None


# --- resolution ------------------------------------------------------------------------


def test_multi_module_repository(tmp_path, registry):
    root = write_tree(tmp_path, {
        "go.work": "go 1.22\n\nuse (\n\t./api\n\t./tools\n)\n",
        "api/go.mod": "module example.com/api\n\nrequire github.com/aws/aws-sdk-go-v2/service/s3 v1.0.0\n",
        "api/server/server.go": "package server\n",
        "api/server/routes.go": "package server\n",
        "api/server/server_test.go": "package server\n",
        "api/main.go": (
            'package main\n\nimport (\n\t"example.com/api/server"\n\t"example.com/tools/gen"\n'
            '\t"github.com/aws/aws-sdk-go-v2/service/s3/types"\n\t"github.com/spf13/cobra/doc"\n'
            '\t"gorm.io/gorm/clause"\n\t"net/http"\n\t"example.com/api/generated"\n)\n'
        ),
        "tools/go.mod": "module example.com/tools\n",
        "tools/gen/gen.go": "package gen\n",
    })
    _, _, resolved = build_stages(root, registry)
    main = next(r for r in resolved if r.path == "api/main.go")
    targets = {(e.line, e.target) for e in main.imports if e.target}
    externals = {(e.line, e.external) for e in main.imports if e.external}
    assert targets == {
        (4, "api/server/routes.go"), (4, "api/server/server.go"), (5, "tools/gen/gen.go"),
    }
    assert externals == {
        (6, "github.com/aws/aws-sdk-go-v2/service/s3"),  # the module go.mod requires
        (7, "github.com/spf13/cobra"),  # host/owner/repository without a require
        (8, "gorm.io/gorm/clause"),  # unknown host: the whole path
        (9, "net/http"),
    }  # example.com/api/generated has no parsed files: unresolved, not external
    binding = {b.local: b for b in main.bindings}["server"]
    assert binding.qualified == "example.com/api/server"
    assert binding.targets == ("api/server/routes.go", "api/server/server.go")


# --- the fixture -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_build(fixture_stages):
    return fixture_stages("go-service")


def test_fixture_import_edges_and_externals_are_exact(fixture_build):
    expected, _, _, resolved = fixture_build
    edges, externals = import_sets(resolved)
    expected_edges, expected_externals = expected_import_sets(expected)
    assert edges == expected_edges
    assert externals == expected_externals


def test_fixture_definitions(fixture_build):
    _, _, facts, _ = fixture_build
    by_path = {f.path: {(d.qualname, d.kind) for d in f.definitions} for f in facts}
    assert {("Store", "struct"), ("Open", "function"), ("Store.AddBook", "method")} <= by_path["internal/store/store.go"]
    assert {("Lister", "interface"), ("Lister.ListBooks", "method")} <= by_path["internal/store/books.go"]
    assert ("Server.Routes", "method") in by_path["internal/api/server.go"]


def test_fixture_effect_callees_resolve_through_bindings(fixture_build):
    """Each expected effect is a call whose canonical callee (or env name) is its detail."""
    expected, _, facts, resolved = fixture_build
    for effect in expected["effects"]:
        assert (effect["symbol"], effect["detail"]) in effect_line_details(effect, facts, resolved), effect


def test_fixture_entry_points(fixture_build, language):
    expected, _, facts, _ = fixture_build
    found = {
        (e.kind, e.name, e.evidence.path, e.evidence.line, e.target)
        for f in facts for e in language.spec.file_entry_points(f)
    }
    wanted = {
        (i["kind"], i["name"], i["path"], i["line"], f"go run ./{i['name']}")
        for i in expected["entry_points"] if i["kind"] == "entry.go_main"
    }
    assert found == wanted


def test_fixture_commands(fixture_build, language):
    _, snapshot, _, _ = fixture_build
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("build", "go build ./..."), ("test", "go test ./..."), ("lint", "golangci-lint run"),
    }


# --- entry points and commands ---------------------------------------------------------


def test_main_package_at_the_root_and_files_that_are_not_programs(source_facts, language):
    root_main = source_facts("package main\n\nfunc main() {}\n", path="main.go")
    assert [(e.name, e.target) for e in language.spec.file_entry_points(root_main)] == [(".", "go run .")]
    library_main = source_facts("package tools\n\nfunc main() {}\n", path="tools/x.go")
    no_main = source_facts("package main\n\nfunc run() {}\n", path="cmd/x/helpers.go")
    test_main = source_facts("package main\n\nfunc main() {}\n", path="cmd/x/main_test.go")
    for facts in (library_main, no_main, test_main):
        assert language.spec.file_entry_points(facts) == []


def test_nested_modules_run_their_commands_in_their_directory(tmp_path, registry, language):
    root = write_tree(tmp_path, {
        "go.mod": "module example.com/root\n",
        "services/billing/go.mod": "module example.com/billing\n",
        "main.go": "package main\n",
        ".github/workflows/ci.yml": "jobs:\n  lint:\n    steps:\n      - uses: golangci/golangci-lint-action@v6\n",
    })
    snapshot = discover_files(root, registry)
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("build", "go build ./..."), ("test", "go test ./..."),
        ("build", "cd services/billing && go build ./..."),
        ("test", "cd services/billing && go test ./..."),
        ("lint", "golangci-lint run"),
    }
    assert language.spec.read_project_name(snapshot) == "example.com/root"
