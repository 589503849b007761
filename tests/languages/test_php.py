"""PHP support: extraction, bindings, composer autoload resolution, entry points, commands.

The fixture checks run the stages directly (discover -> extract -> resolve) so a
failure names the stage that broke; tests/test_fixtures.py checks the whole analysis.
"""

from __future__ import annotations

import pytest

from mapper.languages.php import bind_import, is_public
from mapper.languages.php.resolve import package_name
from mapper.model import ImportSite

from stages import (
    build_stages, effect_line_details, entry_keys, expected_entry_keys,
    expected_import_sets, import_sets,
)
from repos import write_tree

LANGUAGE = "php"
DEFAULT_PATH = "src/File.php"  # where source_facts puts a source text


# --- extraction ------------------------------------------------------------------------

IMPORTS = r'''<?php
use App\Models\User;
use Illuminate\Support\Facades\DB as Database;
use App\{Foo, Bar as Baz};
use function App\Support\ticket_ref;
use const App\LIMIT;
use \Leading\Slash;
require 'config.php';
include_once("lib/helpers.php");
require_once __DIR__ . '/../bootstrap.php';
require dirname(__DIR__) . '/vendor/autoload.php';
require $computed;
'''


def test_use_and_require_forms(source_facts):
    sites = {(s.line, s.source, s.name, s.alias, s.kind) for s in source_facts(IMPORTS).imports}
    assert sites == {
        (2, "App\\Models\\User", None, None, "import"),
        (3, "Illuminate\\Support\\Facades\\DB", None, "Database", "import"),
        (4, "App", "Foo", None, "import"),
        (4, "App", "Bar", "Baz", "import"),
        (5, "App\\Support\\ticket_ref", None, None, "use_member"),
        (6, "App\\LIMIT", None, None, "use_member"),
        (7, "\\Leading\\Slash", None, None, "import"),
        (8, "config.php", None, None, "require"),
        (9, "lib/helpers.php", None, None, "require"),
        (10, "/../bootstrap.php", None, None, "require_dir"),
        (11, "/vendor/autoload.php", None, None, "require_parent"),
    }


DEFINITIONS = '''<?php
namespace App\\Models;

interface Repository { public function find(int $id): ?Order; }
trait Logs
{
    protected function log(string $m): void {}
}
enum Status: string { case Open = 'open'; }
final class Order implements Repository
{
    use Logs;
    public function __construct(private int $id) {}
    public function find(int $id): ?Order { return null; }
    private function secret(): void {}
    protected static function boot(): void {}
}
function helper(): void {}
'''


def test_classes_interfaces_traits_enums_functions_and_methods(source_facts):
    facts = source_facts(DEFINITIONS)
    found = {(d.qualname, d.kind, d.public) for d in facts.definitions}
    assert found == {
        ("Repository", "interface", True), ("Repository.find", "method", True),
        ("Logs", "trait", True), ("Logs.log", "method", False), ("Status", "enum", True),
        ("Order", "class", True), ("Order.__construct", "method", True),
        ("Order.find", "method", True), ("Order.secret", "method", False),
        ("Order.boot", "method", False), ("helper", "function", True),
    }
    assert [(m.kind, m.name) for m in facts.markers] == [("package", "App\\Models")]


CALLS = r'''<?php
use GuzzleHttp\Client;
use Illuminate\Support\Facades\DB;

function run(PDO $pdo) {
    $client = new Client(['base_uri' => 'https://example.com']);
    $rows = DB::table('orders')->get();
    $pdo->query("SELECT 1");
    $this->log("x");
    $home = getenv('HOME');
    $key = $_ENV['APP_KEY'] ?? $_SERVER["HOME"];
    shell_exec("ls");
    \App\Support\Str::slug('a');
    $x = \strtoupper('a');
    run($pdo);
}
'''


def test_calls_static_calls_method_calls_and_superglobals(source_facts):
    calls = {(c.line, c.callee, c.arg, c.form) for c in source_facts(CALLS).calls}
    assert calls >= {
        (6, "Client", None, "call"),
        (7, "DB.table", "orders", "call"),
        (8, "$pdo.query", "SELECT 1", "call"),
        (9, "$this.log", "x", "call"),
        (10, "getenv", "HOME", "call"),
        (11, "$_ENV", "APP_KEY", "subscript"),
        (12, "shell_exec", "ls", "call"),
        (15, "run", None, "call"),
    }
    # $_SERVER holds the request and serves as a global store: no environment read.
    assert not any(callee == "$_SERVER" for _, callee, _, _ in calls)


@pytest.mark.parametrize(
    ("source", "summary"),
    [
        ("<?php\n/**\n * Handles orders.\n */\nnamespace App;\n", "Handles orders."),
        ("<?php\n\nnamespace App;\n\nuse X\\Y;\n\n/**\n * An order.\n */\nclass Order {}\n", "An order."),
        ("<?php\n/*\n * Copyright (c) Acme. MIT License.\n */\nnamespace App;\n", None),
        ("<?php\necho 1;\n", None),
    ],
)
def test_file_or_first_class_doc_comment_is_the_summary(source, summary, source_facts):
    assert source_facts(source).summary == summary


def test_invalid_code_still_gives_the_facts_before_the_error(source_facts):
    facts = source_facts("<?php\nuse App\\Models\\User;\n\nfunction f() {\n    getenv('A');\n    if ((( {\n")
    assert facts.error_count == 1
    assert [s.source for s in facts.imports] == ["App\\Models\\User"]
    assert any(c.callee == "getenv" and c.arg == "A" for c in facts.calls)


# --- bindings, visibility, packages ---------------------------------------------------------


def test_use_binds_the_last_segment_or_the_alias():
    user = bind_import(ImportSite(1, "App\\Models\\User"))
    assert (user.local, user.qualified) == ("User", "App.Models.User")
    alias = bind_import(ImportSite(1, "Illuminate\\Support\\Facades\\DB", alias="Database"))
    assert (alias.local, alias.qualified) == ("Database", "Illuminate.Support.Facades.DB")
    grouped = bind_import(ImportSite(1, "App", name="Foo"))
    assert (grouped.local, grouped.qualified) == ("Foo", "App.Foo")
    member = bind_import(ImportSite(1, "App\\Support\\ticket_ref", kind="use_member"))
    assert (member.local, member.qualified) == ("ticket_ref", "App.Support.ticket_ref")
    leading = bind_import(ImportSite(1, "\\Leading\\Slash"))
    assert (leading.local, leading.qualified) == ("Slash", "Leading.Slash")
    assert bind_import(ImportSite(1, "config.php", kind="require")) is None


def test_private_and_protected_members_are_not_public():
    assert is_public("find", "    public function find(int $id)")
    assert not is_public("secret", "    private function secret()")
    assert not is_public("boot", "    protected static function boot()")
    assert is_public("__construct", "    public function __construct(private int $id) {}")
    assert is_public("Logs", "trait Logs { protected function log() {} }")


@pytest.mark.parametrize(
    ("name", "package"),
    [("GuzzleHttp\\Client", "GuzzleHttp"), ("Illuminate\\Support\\Facades\\DB", "Illuminate\\Support"),
     ("Symfony\\Component\\Console\\Command\\Command", "Symfony\\Component\\Console"),
     ("Psr\\Http\\Message\\ResponseInterface", "Psr\\Http")],
)
def test_packages_are_leading_namespace_segments(name, package):
    assert package_name(name) == package


# --- resolution ------------------------------------------------------------------------


def test_psr4_psr0_declared_names_and_requires(tmp_path, registry):
    root = write_tree(tmp_path, {
        "composer.json": (
            '{"autoload": {"psr-4": {"App\\\\": "src/", "Lib\\\\": ["lib/", "extra/"]},'
            ' "psr-0": {"Legacy_": "old/"}}, "autoload-dev": {"psr-4": {"Tests\\\\": "tests/"}}}'
        ),
        "src/Models/User.php": "<?php\nnamespace App\\Models;\nclass User {}\n",
        "extra/Tools/Box.php": "<?php\nnamespace Lib\\Tools;\nclass Box {}\n",
        "old/Legacy/Thing.php": "<?php\nclass Legacy_Thing {}\n",
        "classes/Helper.php": "<?php\nnamespace Misc;\nfunction helper() {}\nclass Helper {}\n",
        "public/bootstrap.php": "<?php\n",
        "public/index.php": (
            "<?php\nuse App\\Models\\User;\nuse Lib\\Tools\\Box;\nuse Legacy_Thing;\nuse Misc\\Helper;\n"
            "use function Misc\\helper;\nuse App\\Models\\Missing;\nuse Tests\\TestCase;\n"
            "use Monolog\\Logger;\nuse Closure;\nrequire 'bootstrap.php';\n"
            "require __DIR__ . '/../classes/Helper.php';\nrequire __DIR__ . '/../vendor/autoload.php';\n"
        ),
    })
    _, _, resolved = build_stages(root, registry)
    index = next(r for r in resolved if r.path == "public/index.php")
    assert {(e.line, e.target or e.external) for e in index.imports} == {
        (2, "src/Models/User.php"), (3, "extra/Tools/Box.php"), (4, "old/Legacy/Thing.php"),
        (5, "classes/Helper.php"), (6, "classes/Helper.php"), (9, "Monolog"),
        (11, "public/bootstrap.php"), (12, "classes/Helper.php"),
    }  # Missing and TestCase are under the project's own prefixes; Closure is PHP's;
    # vendor/ is not in the repository.


def test_psr0_maps_underscores_to_directories(tmp_path, registry):
    root = write_tree(tmp_path, {
        "composer.json": '{"autoload": {"psr-0": {"Acme\\\\": "src/"}}}',
        "src/Acme/Util/String_Tools.php": "<?php\n",
        "src/Acme/Util/String/Tools.php": "<?php\n",
        "main.php": "<?php\nuse Acme\\Util\\String_Tools;\n",
    })
    _, _, resolved = build_stages(root, registry)
    main = next(r for r in resolved if r.path == "main.php")
    assert {e.target for e in main.imports} == {"src/Acme/Util/String/Tools.php"}


# --- the fixture -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_build(fixture_stages):
    return fixture_stages("php-app")


def test_fixture_import_edges_and_externals_are_exact(fixture_build):
    expected, _, _, resolved = fixture_build
    edges, externals = import_sets(resolved)
    expected_edges, expected_externals = expected_import_sets(expected)
    assert edges == expected_edges
    assert externals == expected_externals


def test_fixture_effect_callees_resolve_through_bindings(fixture_build):
    """Each expected effect is a call whose canonical callee (or env name) is its detail."""
    expected, _, facts, resolved = fixture_build
    for effect in expected["effects"]:
        assert (effect["symbol"], effect["detail"]) in effect_line_details(effect, facts, resolved), effect


def test_fixture_entry_points_and_commands(fixture_build, language):
    expected, snapshot, facts, _ = fixture_build
    found = entry_keys(e for f in facts for e in language.spec.file_entry_points(f))
    found |= entry_keys(language.spec.read_entry_points(snapshot))
    declared = expected_entry_keys(expected)
    # The third web entry, bootstrap/app.php, comes from [entries] in the analysis.
    assert found == declared - {("entry.web_app", "bootstrap/app.php", "bootstrap/app.php", 5)}
    commands = {(c.kind, c.command) for c in language.spec.read_commands(snapshot)}
    assert commands == {(kind, text) for kind, listed in expected["commands"].items() for text in listed}
    assert language.spec.read_project_name(snapshot) == "acme/helpdesk"


# --- entry points ----------------------------------------------------------------------


def test_composer_bins_and_front_controllers(tmp_path, registry, language):
    root = write_tree(tmp_path, {
        "composer.json": '{"name": "acme/tool", "bin": ["bin/tool"], "scripts": {"post-install-cmd": "x", "check": "y"}}',
        "bin/tool": "#!/usr/bin/env php\n<?php\n",
        "web/index.php": "<?php\n",
        "src/index.php": "<?php\n",
    })
    snapshot, facts, _ = build_stages(root, registry)
    entries = {(e.kind, e.name, e.evidence.path) for e in language.spec.read_entry_points(snapshot)}
    entries |= {(e.kind, e.name, e.evidence.path) for f in facts for e in language.spec.file_entry_points(f)}
    assert entries == {("entry.composer_bin", "bin/tool", "composer.json"), ("entry.web_app", "web/index.php", "web/index.php")}
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("install", "composer install"), ("test", "composer run check"),
    }
