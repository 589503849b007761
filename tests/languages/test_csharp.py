"""C#: query captures, namespace resolution, bindings, entry points and dotnet commands.

Whole-fixture facts are compared by tests/test_fixtures.py; these tests pin the
folder's own pieces so that a failure names the piece that broke.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from mapper.app import build_analysis
from mapper.languages.csharp import bind_import, is_public
from mapper.languages.csharp.manifests import file_entry_points, read_commands, read_project_name
from mapper.languages.csharp.resolve import MAX_TARGETS, make_resolver
from mapper.languages.spec import ResolveContext
from mapper.model import FileFacts, ImportSite, Marker
from repos import write_tree
from test_java import assert_partial_facts
from test_javascript import (  # shared helpers; pytest puts this folder on sys.path
    assert_fixture_effect_names, assert_fixture_imports, edges, facts_of, fixture_definitions,
    memory_snapshot, resolve_memory,
)



def _facts(registry, code: str, path: str = "src/App/Thing.cs"):
    return facts_of(registry, path, code)


# --- extraction ------------------------------------------------------------------------

USINGS = """using System;
using System.IO;
using Json = System.Text.Json.JsonSerializer;
using static System.Math;
global using Microsoft.Extensions.Logging;

namespace Acme.App
{
    using Acme.Core;
}
"""


def test_namespace_alias_static_and_global_usings(registry):
    sites = {(s.line, s.source, s.alias, s.kind) for s in _facts(registry, USINGS).imports}
    assert sites == {
        (1, "System", None, "using"),
        (2, "System.IO", None, "using"),
        (3, "System.Text.Json.JsonSerializer", "Json", "using"),
        (4, "System.Math", None, "static"),
        (5, "Microsoft.Extensions.Logging", None, "using"),
        (9, "Acme.Core", None, "using"),  # inside a namespace block
    }


DEFINITIONS = """namespace Acme.Shop;

public class Cart
{
    public Cart() { }
    public decimal Total { get; }
    public void Add(Item item) { }
    private void Recount() { }
    [HttpGet]
    public void Attributed() { }
}

public record Item(string Sku);
public struct Money { }
internal interface IStore { void Save(); }
public enum Currency { Eur }
"""


def test_types_members_and_namespaces_left_out_of_qualnames(registry):
    found = {(d.qualname, d.kind, d.public) for d in _facts(registry, DEFINITIONS).definitions}
    assert found == {
        ("Cart", "class", True),
        ("Cart.Cart", "constructor", True),
        ("Cart.Total", "property", True),
        ("Cart.Add", "method", True),
        ("Cart.Recount", "method", False),
        ("Cart.Attributed", "method", True),  # modifiers on the line after the attribute
        ("Item", "record", True),
        ("Money", "struct", True),
        ("IStore", "interface", False),
        ("IStore.Save", "method", False),
        ("Currency", "enum", True),
    }


CALLS = """using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using IO = System.IO.File;
using Json = System.Text.Json.JsonSerializer;

class Tool
{
    void Run(IServiceCollection services)
    {
        File.WriteAllText("a.txt", "x");
        System.IO.File.Delete("a.txt");
        Process.Start("git", "log");
        var env = Environment.GetEnvironmentVariable("HOME");
        var log = new StreamWriter("log.txt");
        IO.ReadAllText("b.txt");
        Json.Deserialize<Order>("{}");
        Helper("plain");
    }

    void Helper(string text) { }
}
"""


def test_calls_member_chains_constructors_and_generic_methods(registry):
    calls = {(c.line, c.callee, c.scope, c.arg) for c in _facts(registry, CALLS).calls}
    assert {
        (10, "File.WriteAllText", "Tool.Run", "a.txt"),
        (11, "System.IO.File.Delete", "Tool.Run", "a.txt"),
        (12, "Process.Start", "Tool.Run", "git"),
        (13, "Environment.GetEnvironmentVariable", "Tool.Run", "HOME"),
        (14, "StreamWriter", "Tool.Run", "log.txt"),  # `new X()` is a call to X
        (15, "IO.ReadAllText", "Tool.Run", "b.txt"),
        (16, "Json.Deserialize", "Tool.Run", "{}"),  # type arguments dropped
        (17, "Helper", "Tool.Run", "plain"),
    } <= calls


MARKERS = """using Microsoft.AspNetCore.Builder;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => "ok");
app.Run();

namespace Acme.Api.Controllers
{
    [ApiController]
    [Route("api/orders")]
    public class OrdersController
    {
        [HttpGet("{id}")]
        public string Get(int id) => "";
    }

    static class Program
    {
        static async Task<int> Main(string[] args) => 0;
    }
}
"""


def test_namespace_main_attribute_and_route_markers(registry):
    markers = {(m.kind, m.name, m.line) for m in _facts(registry, MARKERS).markers}
    assert markers == {
        ("main_func", "", 3),  # the first top-level statement only
        ("route", "/health", 5),
        ("handler", "", 5),  # an inline lambda handles the MapGet route
        ("package", "Acme.Api.Controllers", 8),
        ("annotation", "ApiController", 10),
        ("annotation", "Route", 11),
        ("route", "api/orders", 11),
        ("annotation", "HttpGet", 14),
        ("route", "{id}", 14),
        ("main_func", "Program", 20),
    }


@pytest.mark.parametrize(
    ("source", "summary"),
    [
        ("namespace A;\n\n/// <summary>\n/// Keeps orders.\n/// </summary>\npublic class Orders { }\n",
         "Keeps orders."),
        ("// <copyright>Acme</copyright>\nnamespace A\n{\n    /// <summary>\n    /// In a block.\n"
         "    /// </summary>\n    class B { }\n}\n", "In a block."),
        ("namespace A;\n\n/// <summary>\n/// First line.\n/// </summary>\n/// <remarks>Later.</remarks>\n"
         "class C { }\n", "First line."),
        ("namespace A;\n\nclass C\n{\n    /// <summary>Nested.</summary>\n    class D { }\n}\n", None),
    ],
)
def test_doc_comment_of_a_top_level_type_is_the_summary(registry, source, summary):
    assert _facts(registry, source).summary == summary


def test_invalid_code_still_gives_the_facts_before_the_error(registry):
    code = 'using System;\n\nclass A {\n  void F() {\n    Environment.GetEnvironmentVariable("A");\n    if ((( {\n'
    assert_partial_facts(_facts(registry, code), "System", "Environment.GetEnvironmentVariable", "A")


@pytest.mark.parametrize(
    ("name", "line", "public"),
    [
        ("Cart", "public sealed class Cart", True),
        ("Cart", "internal class Cart", False),
        ("Get", '    [HttpGet("{id}")] public string Get(int id)', True),
        ("Get", '    [HttpGet("{id}")]', True),  # the modifiers are on the next line: unknown
    ],
)
def test_public_means_the_modifier_before_the_name(name, line, public):
    assert is_public(name, line) is public


def test_only_aliases_bind_names():
    binding = bind_import(ImportSite(1, "System.IO.File", alias="IO", kind="using"))
    assert (binding.local, binding.qualified) == ("IO", "System.IO.File")
    assert bind_import(ImportSite(1, "System.IO", kind="using")) is None
    assert bind_import(ImportSite(1, "System.Math", kind="static")) is None


# --- resolution ------------------------------------------------------------------------


def test_usings_reach_the_files_declaring_a_namespace_or_type(registry):
    files = {
        "src/Core/Models/Order.cs": "namespace Acme.Core.Models;\n\npublic record Order(int Id);\n",
        "src/Core/Models/Customer.cs": "namespace Acme.Core.Models\n{\n    public class Customer { }\n}\n",
        "src/Core/Cart.A.cs": "namespace Acme.Core;\n\npublic partial class Cart { }\n",
        "src/Core/Cart.B.cs": "namespace Acme.Core;\n\npublic partial class Cart { }\n",
        "src/Api/Program.cs": (
            "using Acme.Core.Models;\n"  # 1: every file of the namespace
            "using CartType = Acme.Core.Cart;\n"  # 2: a type: every file declaring it
            "using static Acme.Core.Cart;\n"  # 3: the same, for its members
            "using Acme.Core.Generated;\n"  # 4: the repository's own namespace, no parsed file
            "using System.Collections.Generic;\n"  # 5: external, two segments
            "using Xunit;\n"  # 6: external, one segment
        ),
    }
    assert edges(resolve_memory(registry, files)["src/Api/Program.cs"]) == {
        (1, "src/Core/Models/Customer.cs"), (1, "src/Core/Models/Order.cs"),
        (2, "src/Core/Cart.A.cs"), (2, "src/Core/Cart.B.cs"),
        (3, "src/Core/Cart.A.cs"), (3, "src/Core/Cart.B.cs"),
        (5, "external:System.Collections"), (6, "external:Xunit"),
    }


def test_a_large_namespace_gives_its_nearest_files_only(registry):
    # Hand-built facts: only the namespace markers matter to the resolver.
    def declaring(path: str) -> FileFacts:
        return FileFacts(path, "csharp", 3, (), (), (), (Marker("package", 1, "Acme.Big"),), None)

    paths = [f"src/Big/File{i:03}.cs" for i in range(MAX_TARGETS + 5)] + ["src/Other/Far.cs"]
    facts = {p: declaring(p) for p in paths}
    context = ResolveContext(memory_snapshot(registry, {}), frozenset(facts), facts)
    targets = make_resolver(context).resolve("src/Other/Use.cs", ImportSite(1, "Acme.Big", kind="using")).targets
    assert len(targets) == MAX_TARGETS and targets[0] == "src/Other/Far.cs"  # nearest first


# --- the fixture -----------------------------------------------------------------------


def test_csharp_webapi_imports_and_externals_exactly(registry):
    assert_fixture_imports(registry, "csharp-webapi")


def test_csharp_webapi_effects_come_from_knowledge(registry):
    assert_fixture_effect_names(registry, "csharp-webapi")


def test_csharp_webapi_definitions(registry):
    assert {
        ("OrdersController", "class", 10, True), ("OrdersController.Get", "method", 18, True),
        ("Order", "record", 6, True), ("Order.Total", "property", 8, True),
        ("OrderStatus", "enum", 13, True), ("Program.Main", "method", 12, True),
        ("EfOrderStore.AddAsync", "method", 18, True), ("IOrderStore.FindAsync", "method", 7, False),
    } <= fixture_definitions(registry, "csharp-webapi")


# --- entry points, commands, project name ----------------------------------------------


def test_main_top_level_statements_and_web_hosts_are_entry_points(registry):
    program = _facts(registry, MARKERS, path="src/Api/Program.cs")
    assert [(e.kind, e.name, e.target, e.evidence.line) for e in file_entry_points(program)] == [
        ("entry.dotnet_main", "src/Api/Program.cs", "src/Api/Program.cs", 3),
        ("entry.dotnet_main", "Acme.Api.Controllers.Program", "src/Api/Program.cs", 20),
        ("entry.web_app", "src/Api/Program.cs",
         "Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder", 3),
    ]


def test_dotnet_commands_from_solutions_and_projects(registry):
    sources = {"src/Api/Program.cs": "", "src/Lib/Thing.cs": "", "tests/Api.Tests/T.cs": ""}
    paths = ("Shop.sln", "src/Api/Api.csproj", "src/Lib/Lib.csproj", "tests/Api.Tests/Api.Tests.csproj")
    snapshot = replace(memory_snapshot(registry, sources), other_files=paths)
    assert {(c.kind, c.command, c.evidence.path) for c in read_commands(snapshot)} == {
        ("build", "dotnet build", "Shop.sln"),
        ("test", "dotnet test", "Shop.sln"),
        ("run", "dotnet run --project src/Api", "src/Api/Api.csproj"),  # it has a Program.cs
    }
    no_solution = replace(snapshot, other_files=paths[1:])
    assert {(c.kind, c.command) for c in read_commands(no_solution)} == {
        ("build", "dotnet build src/Api/Api.csproj"),
        ("build", "dotnet build src/Lib/Lib.csproj"),
        ("build", "dotnet build tests/Api.Tests/Api.Tests.csproj"),
        ("test", "dotnet test tests/Api.Tests/Api.Tests.csproj"),
        ("run", "dotnet run --project src/Api"),
    }
    two_solutions = replace(snapshot, other_files=("A.sln", "B.slnx"))
    assert {c.command for c in read_commands(two_solutions)} == {
        "dotnet build A.sln", "dotnet test A.sln", "dotnet build B.slnx", "dotnet test B.slnx",
    }


def test_project_name_is_the_root_solution_or_project(registry):
    snapshot = memory_snapshot(registry, {})
    assert read_project_name(replace(snapshot, other_files=("src/X/X.csproj", "Shop.sln"))) == "Shop"
    assert read_project_name(replace(snapshot, other_files=("Tool.csproj",))) == "Tool"
    assert read_project_name(replace(snapshot, other_files=("src/X/X.csproj",))) is None


def test_a_packable_library_named_testing_is_no_test_folder(tmp_path, registry):
    # Polly's src/Polly.Testing/ is a published package of assertions for users' tests.
    files = {
        "src/Acme.Testing/Acme.Testing.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n'
        "    <Description>Assertions on Acme pipelines.</Description>\n  </PropertyGroup>\n</Project>\n",
        "src/Acme.Testing/PipelineAssertions.cs": "namespace Acme.Testing;\n\npublic static class PipelineAssertions {}\n",
        # A test project references a test framework, whatever its metadata says.
        "src/Acme.Testing.Fakes/Acme.Testing.Fakes.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n'
        "    <Description>Fakes.</Description>\n  </PropertyGroup>\n  <ItemGroup>\n"
        '    <PackageReference Include="xunit" />\n  </ItemGroup>\n</Project>\n',
        "src/Acme.Testing.Fakes/FakeClock.cs": "namespace Acme.Testing.Fakes;\n\npublic class FakeClock {}\n",
        # No project file to say otherwise: the name decides.
        "src/Acme.Testing.Support/Helpers.cs": "namespace Acme.Testing.Support;\n\npublic class Helpers {}\n",
    }
    write_tree(tmp_path, files)
    roles = {r.path: r.role for r in build_analysis(tmp_path, registry=registry).analysis.roles}
    assert roles == {
        "src/Acme.Testing/PipelineAssertions.cs": "role.core",
        "src/Acme.Testing.Fakes/FakeClock.cs": "role.tests",
        "src/Acme.Testing.Support/Helpers.cs": "role.tests",
    }
