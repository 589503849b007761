"""Traps for wrong facts an audit of real repositories found (issue 10): routes, roles,
summaries, commands and ranking. Each source is a small version of a real case."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mapper.analyze import dominant_role
from mapper.analyze.roles import test_reason as why_test
from mapper.analyze.commands import find_commands
from mapper.app import build_analysis
from mapper.discover import discover_files
from mapper.languages.registry import load_languages
from repos import renderer_with_helpers, write_tree


@pytest.fixture(scope="module")
def registry():
    return load_languages()


def _analysis(tmp_path: Path, registry, files: dict[str, str]):
    return build_analysis(write_tree(tmp_path, files), registry=registry).analysis


def test_a_declarative_http_client_interface_is_not_a_route_table(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "src/main/java/acme/GitHub.java": """package acme;

import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Path;

public interface GitHub {
    @GET("/repos/{owner}/{repo}/contributors")
    Call<String> contributors(@Path("owner") String owner, @Path("repo") String repo);
}
""",
        "src/main/java/acme/Orders.java": """package acme;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class Orders {
    @GetMapping("/orders")
    public String list() { return ""; }
}
""",
    })
    assert {(r.file, r.method, r.path) for r in analysis.routes} == {
        ("src/main/java/acme/Orders.java", "GET", "/orders"),
    }


def _roles(analysis) -> dict[str, str]:
    return {r.path: r.role for r in analysis.roles}


def test_tests_and_tooling_are_recognised_by_how_they_are_built_and_run(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        "okhttp/src/jvmTest/kotlin/okhttp3/RecordingCallback.kt": "package okhttp3\n\nclass RecordingCallback\n",
        "okhttp/src/commonTest/kotlin/okhttp3/UrlComponentEncodingTester.kt": "package okhttp3\n\nclass Tester\n",
        "okhttp/src/main/kotlin/okhttp3/Call.kt": "package okhttp3\n\ninterface Call\n",
        "tasks/changelog.rake": "task :changelog do\n  puts 'x'\nend\n",
        "lib/tasks/cleanup.rake": "task :cleanup do\nend\n",
        "features/step_definitions/web_steps.rb": "Given('a page') do\nend\n",
        "lib/app/engine.rb": "module App\n  class Engine\n  end\nend\n",
    }))
    assert roles == {
        "okhttp/src/jvmTest/kotlin/okhttp3/RecordingCallback.kt": "role.tests",
        "okhttp/src/commonTest/kotlin/okhttp3/UrlComponentEncodingTester.kt": "role.tests",
        "okhttp/src/main/kotlin/okhttp3/Call.kt": "role.core",
        "tasks/changelog.rake": "role.scripts",
        "lib/tasks/cleanup.rake": "role.scripts",
        "features/step_definitions/web_steps.rb": "role.tests",
        "lib/app/engine.rb": "role.core",
    }


def test_a_folder_name_needs_agreement_and_a_server_is_no_external_client(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        # Call adapters of a library: the folder is named adapter/, nothing in it calls out.
        "retrofit2/adapter/guava/GuavaCallAdapterFactory.py": "class GuavaCallAdapterFactory:\n    pass\n",
        # An adapters/ folder whose code does talk to the network.
        "shop/adapters/payments.py": "import httpx\n\ndef charge():\n    return httpx.post('https://pay.example.com')\n",
        # ... and one beside it that does no I/O and imports no client: no client either.
        "shop/adapters/mapping.py": "def to_row(x):\n    return x\n",
        # A development server imports http to serve, not to call out.
        "livereload/server.js": "const http = require('http');\n"
        "module.exports = function serve(port) {\n  http.createServer(() => {}).listen(port);\n};\n",
    }))
    assert roles["retrofit2/adapter/guava/GuavaCallAdapterFactory.py"] == "role.core"
    assert roles["shop/adapters/payments.py"] == "role.integration"
    assert roles["shop/adapters/mapping.py"] == "role.core"
    assert roles["livereload/server.js"] != "role.integration"


def test_summaries_are_the_files_own_doc_in_plain_text(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "src/Serilog/LoggerConfiguration.cs": """namespace Serilog;

/// <summary>
/// Configuration object for creating <see cref="ILogger"/> instances.
/// </summary>
public class LoggerConfiguration { }
""",
        "src/main/java/retrofit2/CallAdapter.java": """package retrofit2;

/** Adapts a {@link Call} with response type {@code R} into the type of {@linkplain Foo#bar() T}. */
public interface CallAdapter { }
""",
        "okhttp/src/main/kotlin/okhttp3/internal/-UtilJvm.kt": """package okhttp3.internal

/** Returns a Locale.US formatted String. */
fun format(format: String): String = format
""",
        "app/wrappers.py": '"""Wraps a :class:`~werkzeug.wrappers.Response` around ``data``."""\n',
        "lib/sinatra/base.rb": "# frozen_string_literal: true\n\n# external dependencies\nrequire 'rack'\n\nmodule Sinatra\nend\n",
        "lib/application.js": "/**\n * Module dependencies.\n */\n\nvar http = require('http');\n",
        "test/contest.rb": "# Copyright (c) 2009 Contest\n#\n# Permission is hereby granted, free of charge, to any person\nrequire 'x'\n",
        "lib/docs.rb": "# @api private\nclass Docs\nend\n",
    })
    summaries = {m.path: m.summary for m in analysis.modules}
    assert summaries == {
        "src/Serilog/LoggerConfiguration.cs": "Configuration object for creating ILogger instances.",
        "src/main/java/retrofit2/CallAdapter.java": "Adapts a Call with response type R into the type of T.",
        "okhttp/src/main/kotlin/okhttp3/internal/-UtilJvm.kt": None,
        "app/wrappers.py": "Wraps a Response around data.",
        "lib/sinatra/base.rb": None,
        "lib/application.js": None,
        "test/contest.rb": None,
        "lib/docs.rb": None,
    }


def test_a_gems_executable_is_labelled_as_one_and_found_whatever_its_name(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "Gemfile": "source 'https://rubygems.org'\ngemspec\n",
        "rubocop.gemspec": "Gem::Specification.new do |s|\n  s.bindir = 'exe'\n  s.executables = ['rubocop']\nend\n",
        "exe/rubocop": "#!/usr/bin/env ruby\nrequire 'rubocop'\n",
        "lib/rubocop.rb": "module RuboCop\nend\n",
    })
    entries = {(e.kind, e.name, e.label) for e in analysis.entry_points}
    assert ("entry.gem_executable", "exe/rubocop", "gem executable") in entries
    assert not any(e.label == "package.json bin" for e in analysis.entry_points)


def test_entry_kinds_are_declared_once_with_label_and_role(tmp_path, registry):
    from mapper.analyze.entry_kinds import entry_vocabulary

    vocabulary = entry_vocabulary(registry)
    analysis = _analysis(tmp_path, registry, {
        "src/main/java/acme/Tool.java": "package acme;\n\npublic class Tool {\n"
        "    public static void main(String[] args) {}\n}\n",
        "tool.c": "int main(void) { return 0; }\n",
        "Program.cs": "class Program { static void Main(string[] args) { } }\n",
    })
    roles = _roles(analysis)
    assert roles["src/main/java/acme/Tool.java"] == "role.cli"
    assert roles["tool.c"] == "role.cli"
    assert roles["Program.cs"] == "role.cli"
    for entry in analysis.entry_points:
        assert entry.kind in vocabulary.kinds, entry.kind
        assert entry.label == vocabulary.kinds[entry.kind].label


def test_every_entry_kind_of_the_fixtures_is_declared(registry):
    from mapper.analyze.entry_kinds import entry_vocabulary

    vocabulary = entry_vocabulary(registry)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    undeclared = set()
    for fixture in sorted(fixtures.iterdir()):
        if (fixture / "repo").is_dir():
            for entry in build_analysis(fixture / "repo", registry=registry).analysis.entry_points:
                if entry.kind not in vocabulary.kinds:
                    undeclared.add((fixture.name, entry.kind))
    assert not undeclared


def test_generated_parsers_and_stubs_are_not_mapped(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "src/lexer.c": '#line 2 "src/lexer.c"\n\n#line 4 "src/lexer.c"\n\n#define  YY_INT_ALIGNED short int\n\n'
        "/* A lexical scanner generated by flex */\n\nint yylex(void) { return 0; }\n",
        "src/parser.c": "/* A Bison parser, made by GNU Bison 3.8.2.  */\n\nint yyparse(void) { return 0; }\n",
        "src/api.pb.h": "// Generated by the protocol buffer compiler.  DO NOT EDIT!\nstruct Api {};\n",
        "src/main.c": '#include "parser.h"\nint main(void) { return 0; }\n',
    })
    assert {m.path for m in analysis.modules} == {"src/main.c"}


def test_a_line_that_loads_a_whole_namespace_weighs_less_per_file():
    from mapper.analyze.modules import import_edge_weights
    from mapper.model import ResolvedFile, ResolvedImport

    loader = ResolvedFile("GlobalUsings.cs", tuple(
        ResolvedImport("GlobalUsings.cs", 1, "Acme.Core", target=f"Core/T{i}.cs") for i in range(4)
    ), ())
    user = ResolvedFile("Program.cs", (ResolvedImport("Program.cs", 3, "Acme.Core.Log", target="Core/T0.cs"),), ())
    weights = import_edge_weights((loader, user))
    assert weights[("GlobalUsings.cs", "Core/T1.cs")] == 0.25
    assert weights[("Program.cs", "Core/T0.cs")] == 1.0


def test_automake_tests_give_make_check_and_release_tasks_are_not_lint(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "configure.ac": "AC_INIT([tool], [1.0])\nAM_INIT_AUTOMAKE\nAC_OUTPUT\n",
        "Makefile.am": "SUBDIRS = src tests\n",
        "tests/Makefile.am": "check_PROGRAMS = test_tool\nTESTS = $(check_PROGRAMS)\n",
        "src/tool.c": "int main(void) { return 0; }\n",
        "Gemfile": "source 'https://rubygems.org'\n",
        "Rakefile": "namespace :release do\n  task :commit_version do\n  end\nend\ntask :pre_commit do\nend\n",
    })
    commands = {(c.kind, c.command, c.evidence.path, c.evidence.line) for c in analysis.commands}
    assert ("test", "make check", "tests/Makefile.am", 1) in commands
    assert ("lint", "rake pre_commit", "Rakefile", 5) in commands
    assert not any(c.command == "rake release:commit_version" and c.kind == "lint" for c in analysis.commands)


def test_an_import_of_a_client_library_without_a_network_call_is_no_external_client(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        "src/main/java/retrofit2/converter/ScalarConverters.java": "package retrofit2.converter;\n\n"
        "import okhttp3.ResponseBody;\n\nfinal class ScalarConverters {\n"
        "    String convert(ResponseBody value) { return value.toString(); }\n}\n",
        "src/main/java/acme/Fetcher.java": "package acme;\n\nimport okhttp3.Call;\n\nfinal class Fetcher {\n"
        "    Object fetch(Call call) throws Exception { return call.execute(); }\n}\n",
    }))
    assert roles["src/main/java/retrofit2/converter/ScalarConverters.java"] == "role.core"
    assert roles["src/main/java/acme/Fetcher.java"] == "role.integration"


def test_settings_and_options_named_types_are_not_configuration_without_agreement(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        "okhttp/src/main/kotlin/okhttp3/internal/http2/Settings.kt": "package okhttp3.internal.http2\n\nclass Settings\n",
        "retrofit/src/main/java/retrofit2/http/OPTIONS.java": "package retrofit2.http;\n\npublic @interface OPTIONS {}\n",
        "app/settings.py": "import os\n\nDEBUG = os.environ.get('DEBUG')\n",
        "app/config.py": "DEBUG = False\n",
    }))
    assert roles["okhttp/src/main/kotlin/okhttp3/internal/http2/Settings.kt"] == "role.core"
    assert roles["retrofit/src/main/java/retrofit2/http/OPTIONS.java"] == "role.core"
    assert roles["app/settings.py"] == "role.config"
    assert roles["app/config.py"] == "role.config"


def test_go_opens_with_writing_flags_are_writes_and_provenance_is_no_summary(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "go.mod": "module example.com/tool\n\ngo 1.22\n",
        "debug.go": 'package tool\n\nimport "os"\n\nfunc Log(path string) {\n'
        '\tf, _ := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0644)\n\tr, _ := os.Open(path)\n'
        '\t_, _ = f, r\n}\n',
        "lib/lsp/logger.rb": "# frozen_string_literal: true\n\n#\n# This code is based on https://github.com/standardrb/standard.\n#\nmodule Lsp\nend\n",
    })
    effects = {(e.line, e.kind) for e in analysis.effects if e.path == "debug.go"}
    assert effects == {(6, "effect.fs.write"), (7, "effect.fs")}
    assert {m.path: m.summary for m in analysis.modules}["lib/lsp/logger.rb"] is None


def test_an_environment_variable_assigned_is_not_read(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "app/serve.py": 'import os\n\ndef run(fd):\n    os.environ["SERVER_FD"] = str(fd)\n    return os.environ["HOME"]\n',
        "lib/cache.rb": "module Cache\n  def self.reset(root)\n    ENV['CACHE_ROOT'] = root\n    ENV['HOME']\n  end\nend\n",
        "test/app.js": "process.env.NODE_ENV = 'test'\nconst port = process.env.PORT\n",
    })
    reads = {(e.path, e.detail) for e in analysis.effects if e.kind == "effect.env"}
    assert reads == {("app/serve.py", "HOME"), ("lib/cache.rb", "HOME"), ("test/app.js", "PORT")}


def test_a_package_root_that_re_exports_main_is_not_the_cli_and_an_empty_file_inherits_no_folder_role(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        "pyproject.toml": '[project]\nname = "tool"\n\n[project.scripts]\ntool = "tool:main"\n',
        "tool/__init__.py": "from ._main import main\n",
        "tool/_main.py": "import click\n\n@click.command()\ndef main():\n    pass\n",
        "shop/adapters/payments.py": "import httpx\n\ndef charge():\n    return httpx.post('https://pay.example.com')\n",
        "shop/adapters/__init__.py": "",
    }))
    assert roles["tool/__init__.py"] == "role.core"
    assert roles["tool/_main.py"] == "role.cli"
    assert roles["shop/adapters/__init__.py"] == "role.core"


def test_a_doc_folder_that_is_a_tested_package_is_not_scripts(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        "go.mod": "module github.com/spf13/cobra\n\ngo 1.22\n",
        "command.go": "package cobra\n\ntype Command struct{}\n",
        "doc/man_docs.go": "package doc\n\nfunc GenMan() {}\n",
        "doc/man_docs_test.go": 'package doc\n\nimport "testing"\n\nfunc TestGenMan(t *testing.T) { GenMan() }\n',
        "docs/conf.py": "project = 'x'\n",
    }))
    assert roles["doc/man_docs.go"] == "role.core"
    assert roles["doc/man_docs_test.go"] == "role.tests"
    assert roles["docs/conf.py"] == "role.scripts"


def test_a_package_root_with_a_fallback_main_is_not_the_cli(tmp_path, registry):
    # httpx: the console script names the package root, which imports the real main
    # and defines a stand-in for when the CLI extras are missing.
    roles = _roles(_analysis(tmp_path, registry, {
        "pyproject.toml": '[project]\nname = "tool"\n\n[project.scripts]\ntool = "tool:main"\n',
        "tool/__init__.py": "try:\n    from ._main import main\nexcept ImportError:\n"
        "    def main():\n        raise SystemExit('pip install tool[cli]')\n",
        "tool/_main.py": "import sys\n\ndef main():\n    print(sys.argv)\n",
        "other/__init__.py": "def main():\n    print('hi')\n",
        "other.toml": "",
    }))
    assert roles["tool/__init__.py"] == "role.core"
    assert roles["tool/_main.py"] == "role.cli"


def test_a_client_name_needs_the_file_to_call_out_or_import_a_client(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        # okhttp's tlssurvey sample: a list of TLS client profiles, no I/O.
        "samples/tlssurvey/src/main/kotlin/okhttp3/survey/Clients.kt": "package okhttp3.survey\n\n"
        "data class Client(val userAgent: String)\n\nfun currentVm(): Client = Client(userAgent = \"vm\")\n",
        # The same name on a file that executes calls.
        "src/main/kotlin/acme/Client.kt": "package acme\n\nimport okhttp3.Call\n\n"
        "class Client { fun run(call: Call) = call.execute() }\n",
        # A client handed its session: HTTP verbs with paths.
        "webshop/client.py": "def fetch_user(session):\n    return session.get('/users/1')\n",
        "webshop/clients.py": "def pick(registry):\n    return registry.get('default')\n",
    }))
    assert roles["samples/tlssurvey/src/main/kotlin/okhttp3/survey/Clients.kt"] == "role.core"
    assert roles["src/main/kotlin/acme/Client.kt"] == "role.integration"
    assert roles["webshop/client.py"] == "role.integration"
    assert roles["webshop/clients.py"] == "role.core"


def test_an_adapter_folder_that_calls_out_does_not_make_its_exception_types_clients(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        "retrofit-adapters/java8/src/main/java/retrofit2/adapter/java8/BodyCallAdapter.java":
        "package retrofit2.adapter.java8;\n\nimport retrofit2.Call;\n\n"
        "final class BodyCallAdapter {\n  Object adapt(Call call) throws Exception { return call.execute(); }\n}\n",
        "retrofit-adapters/java8/src/main/java/retrofit2/adapter/java8/HttpException.java":
        "package retrofit2.adapter.java8;\n\npublic final class HttpException extends RuntimeException {\n"
        "  public int code() { return 500; }\n}\n",
    }))
    assert roles["retrofit-adapters/java8/src/main/java/retrofit2/adapter/java8/BodyCallAdapter.java"] == "role.integration"
    assert roles["retrofit-adapters/java8/src/main/java/retrofit2/adapter/java8/HttpException.java"] == "role.core"


def test_a_listening_socket_is_a_server_not_an_external_client(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        # werkzeug's serving.py: sockets it binds and serves on.
        "src/devserver/serving.py": "import socket\n\nclass Server:\n    def __init__(self, fd):\n"
        "        self.socket = socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM)\n\n"
        "def run(host, port):\n    s = socket.socket()\n    s.bind((host, port))\n    s.listen()\n"
        "    srv = Server(s.fileno())\n    srv.serve_forever()\n",
        "src/devserver/probe.py": "import socket\n\ndef probe(host):\n    s = socket.socket()\n"
        "    s.connect((host, 80))\n    return s.recv(10)\n",
        "src/echo.c": "#include <sys/socket.h>\n\nint serve(void) {\n  int fd = socket(AF_INET, SOCK_STREAM, 0);\n"
        "  bind(fd, 0, 0);\n  listen(fd, 8);\n  int c = accept(fd, 0, 0);\n  char b[8];\n  recv(c, b, 8, 0);\n"
        "  return send(c, b, 8, 0);\n}\n",
        "src/fetch.c": "#include <sys/socket.h>\n\nint fetch(void) {\n  int fd = socket(AF_INET, SOCK_STREAM, 0);\n"
        "  return connect(fd, 0, 0);\n}\n",
    }))
    assert roles["src/devserver/serving.py"] != "role.integration"
    assert roles["src/devserver/probe.py"] == "role.integration"
    assert roles["src/echo.c"] != "role.integration"
    assert roles["src/fetch.c"] == "role.integration"


def test_a_shared_folder_is_utilities_only_when_code_outside_it_imports_it(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        "package.json": '{"name": "app"}\n',
        # werkzeug's debugger assets: a script the browser loads, nothing imports it.
        "src/debug/shared/debugger.js": "function frameLabel(frame) { return 'frame-' + frame.id; }\n",
        "src/debug/app.js": "module.exports = function page() { return '<script src=debugger.js>'; };\n",
        "src/shared/ids.js": "exports.newId = function (n) { return 'id-' + n; };\n",
        "src/orders.js": "const { newId } = require('./shared/ids');\nexports.order = () => newId(1);\n",
    }))
    assert roles["src/debug/shared/debugger.js"] == "role.core"
    assert roles["src/shared/ids.js"] == "role.util"


def test_a_ci_command_after_a_blank_line_cites_its_own_line(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        ".github/workflows/publish.yml": "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n\n      - run: ./gradlew publish\n",
        "Dockerfile": "FROM python:3.12\n\nCMD [\"python\", \"-m\", \"app\"]\n",
        "app.py": "print('hi')\n",
    })
    lines = {c.command: c.evidence.line for c in analysis.commands}
    assert lines["./gradlew publish"] == 8
    docker = [e for e in analysis.entry_points if e.kind == "entry.docker_cmd"]
    assert [e.evidence.line for e in docker] == [3]


def test_an_android_activity_and_a_browser_script_are_ui_though_they_call_out(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        # okhttp's android-test-app: an Activity that fires one request.
        "android-test-app/src/main/kotlin/okhttp/android/testapp/MainActivity.kt":
        "package okhttp.android.testapp\n\nimport androidx.activity.ComponentActivity\nimport okhttp3.Call\n\n"
        "open class MainActivity : ComponentActivity() {\n  fun go(call: Call) { call.enqueue(this) }\n}\n",
        # werkzeug's debugger.js: a page script that fetches from its own server.
        "src/debug/shared/debugger.js": "function openShell() {\n  const box = document.querySelector('pre');\n"
        "  fetch('./?__debugger__=yes').then((r) => { box.textContent = r.status; });\n}\n",
        # A Node script that fetches and touches no page is still a client.
        "src/sync.js": "async function pull(url) {\n  return fetch(url);\n}\nmodule.exports = { pull };\n",
    }))
    assert roles["android-test-app/src/main/kotlin/okhttp/android/testapp/MainActivity.kt"] == "role.ui"
    assert roles["src/debug/shared/debugger.js"] == "role.ui"
    assert roles["src/sync.js"] == "role.integration"


def test_php_message_interfaces_of_an_http_client_are_no_http_api(tmp_path, registry):
    client = _roles(_analysis(tmp_path / "client", registry, {
        # guzzle's handlers take PSR-7 requests: a client's code, not a server's.
        "src/Handler/MockHandler.php": "<?php\nnamespace GuzzleHttp\\Handler;\n\n"
        "use Psr\\Http\\Message\\RequestInterface;\n\nclass MockHandler\n{\n"
        "    public function __invoke(RequestInterface $request) { return $request; }\n}\n",
    }))
    server = _roles(_analysis(tmp_path / "server", registry, {
        # A PSR-15 request handler serves.
        "src/Action/Home.php": "<?php\nnamespace App\\Action;\n\n"
        "use Psr\\Http\\Server\\RequestHandlerInterface;\n\nclass Home implements RequestHandlerInterface\n{\n}\n",
    }))
    assert client["src/Handler/MockHandler.php"] == "role.core"
    assert server["src/Action/Home.php"] == "role.http"


def test_a_gradle_main_class_is_a_declared_entry_point_at_its_file(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "settings.gradle.kts": 'rootProject.name = "survey"\n',
        # okhttp's samples/tlssurvey: a Kotlin file's main is the class RunSurveyKt.
        "tlssurvey/build.gradle.kts": 'plugins { application }\n\napplication {\n'
        '  mainClass.set("okhttp3.survey.RunSurveyKt")\n}\n',
        "tlssurvey/src/main/kotlin/okhttp3/survey/RunSurvey.kt": "package okhttp3.survey\n\n"
        "suspend fun runSurvey() {}\n\nsuspend fun other() = runSurvey()\n",
        "crawler/build.gradle": "apply plugin: 'application'\nmainClassName = 'okhttp3.sample.Crawler'\n",
        "crawler/src/main/java/okhttp3/sample/Crawler.java": "package okhttp3.sample;\n\n"
        "public final class Crawler {\n  public void drainQueue() {}\n}\n",
    })
    gradle = {(e.name, e.evidence.path, e.evidence.line, e.file)
              for e in analysis.entry_points if e.kind == "entry.gradle_main"}
    assert gradle == {
        ("okhttp3.survey.RunSurveyKt", "tlssurvey/build.gradle.kts", 4,
         "tlssurvey/src/main/kotlin/okhttp3/survey/RunSurvey.kt"),
        ("okhttp3.sample.Crawler", "crawler/build.gradle", 2, "crawler/src/main/java/okhttp3/sample/Crawler.java"),
    }


def test_a_test_program_and_a_testing_support_module_are_tests(tmp_path, registry):
    roles = _roles(_analysis(tmp_path, registry, {
        # hiredis: test.c at the root is the test suite (hiredis-test, `make check`).
        "test.c": "#include <netdb.h>\n\nint main(void) {\n  return getaddrinfo(\"bad.invalid\", \"6379\", 0, 0);\n}\n",
        "net.c": "#include <sys/socket.h>\n\nint dial(void) {\n  return connect(socket(2, 1, 0), 0, 0);\n}\n",
        # okhttp's okhttp-testing-support: helpers only tests use.
        "okhttp-testing-support/src/main/kotlin/okhttp3/EventRecorder.kt": "package okhttp3\n\nclass EventRecorder\n",
        "okhttp/src/main/kotlin/okhttp3/Call.kt": "package okhttp3\n\ninterface Call\n",
    }))
    assert roles["test.c"] == "role.tests"
    assert roles["net.c"] == "role.integration"
    assert roles["okhttp-testing-support/src/main/kotlin/okhttp3/EventRecorder.kt"] == "role.tests"
    assert roles["okhttp/src/main/kotlin/okhttp3/Call.kt"] == "role.core"


def test_a_server_listening_through_a_local_variable_is_no_external_client(tmp_path, registry):
    # gin's Engine.Run and koa's Application.listen: the server is a local, so the call as
    # written is `server.ListenAndServe()` / `server.listen()`, not the library's name.
    roles = _roles(_analysis(tmp_path, registry, {
        "go.mod": "module example.com/web\n",
        "engine.go": 'package web\n\nimport "net/http"\n\nfunc Run(addr string, h http.Handler) error {\n'
                     "\tserver := &http.Server{Addr: addr, Handler: h}\n\treturn server.ListenAndServe()\n}\n",
        "fetch.go": 'package web\n\nimport "net/http"\n\nfunc Fetch(url string) (*http.Response, error) {\n'
                    "\treturn http.Get(url)\n}\n",
        "lib/application.js": "const http = require('http');\n\nclass Application {\n  listen(...args) {\n"
                              "    const server = http.createServer(this.callback());\n    return server.listen(...args);\n"
                              "  }\n  callback() { return () => {}; }\n}\nmodule.exports = Application;\n",
    }))
    assert roles["engine.go"] != "role.integration"
    assert roles["fetch.go"] == "role.integration"
    assert roles["lib/application.js"] != "role.integration"


def test_a_main_block_in_a_module_the_project_imports_does_not_make_it_the_cli(tmp_path, registry):
    # requests' certs.py: `if __name__ == "__main__": print(where())` in a module the
    # package imports; help.py, run as `python -m requests.help`, is imported by nothing.
    roles = _roles(_analysis(tmp_path, registry, {
        "pkg/__init__.py": "",
        "pkg/certs.py": "def where():\n    return '/etc/ssl'\n\n\nif __name__ == '__main__':\n    print(where())\n",
        "pkg/adapters.py": "from pkg.certs import where\n\n\ndef verify():\n    return where()\n",
        "pkg/help.py": "import platform\n\n\ndef info():\n    return platform.system()\n\n\n"
                       "if __name__ == '__main__':\n    print(info())\n",
        "tests/test_help.py": "from pkg.help import info\n\n\ndef test_info():\n    assert info()\n",
    }))
    assert roles["pkg/certs.py"] == "role.core"
    assert roles["pkg/help.py"] == "role.cli"


def test_schemas_and_models_need_agreement_and_an_api_name_needs_its_own_projects_framework(tmp_path, registry):
    # zod: packages/zod/src/v4/core/api.ts was an HTTP API because the workspace's docs
    # site uses Next.js, and its validation schemas.ts was data access by its name alone.
    roles = _roles(_analysis(tmp_path, registry, {
        "package.json": '{"name": "root", "private": true}\n',
        "packages/lib/package.json": '{"name": "lib"}\n',
        "packages/lib/src/api.ts": "export function parse(x: string) { return x; }\n",
        "packages/lib/src/schemas.ts": "export class StringSchema { check(v: unknown) { return typeof v === 'string'; } }\n",
        "packages/docs/package.json": '{"name": "docs"}\n',
        "packages/docs/server.ts": "import express from 'express';\nconst app = express();\napp.get('/', () => 1);\n",
        "packages/docs/api.ts": "export function handler() { return 1; }\n",
        "store/models.py": "import sqlite3\n\n\ndef save(row):\n    sqlite3.connect('x.db').execute('insert', row)\n",
        "web/models.py": "class Request:\n    def __init__(self, url):\n        self.url = url\n",
    }))
    assert roles["packages/lib/src/api.ts"] != "role.http"
    assert roles["packages/docs/api.ts"] == "role.http"
    assert roles["packages/lib/src/schemas.ts"] != "role.data"
    assert roles["store/models.py"] == "role.data"
    assert roles["web/models.py"] != "role.data"


def test_tool_configs_and_build_scripts_are_tooling(tmp_path, registry):
    # leaflet's build/{docs,rollup-config}.js, monolog's .php-cs-fixer.php, immer's
    # vitest.config.build.ts and vitest-custom-reporter.ts, Polly's cake.cs and Catch2's
    # .conan/build.py were core / domain (or a CLI).
    files = {
        "package.json": '{"name": "lib"}\n',
        "src/index.ts": "import {chunk} from 'lodash'\n\nexport const split = chunk\n",
        "src/timing.ts": "import {bench} from 'vitest'\nimport {chunk} from 'lodash'\n\nexport const b = [bench, chunk]\n",
        "vitest.config.build.ts": "import {defineConfig} from 'vitest/config'\n\nexport default defineConfig({})\n",
        "vitest-custom-reporter.ts": "import {Reporter} from 'vitest'\n\nexport default class R implements Reporter {}\n",
        "build/docs.js": "import LeafDoc from 'leafdoc'\n\nnew LeafDoc({})\n",
        ".php-cs-fixer.php": "<?php\nreturn (new PhpCsFixer\\Config())->setRules([]);\n",
        "cake.cs": "var target = Argument(\"target\", \"Default\");\n",
        ".conan/build.py": "import os\n\nif __name__ == '__main__':\n    print(os.getenv('CONAN_CHANNEL'))\n",
        # A PascalCase folder is a namespace of the code (Symfony Console's CI/), not ci/.
        "CI/GithubActionReporter.php": "<?php\nnamespace Acme\\CI;\n\nclass GithubActionReporter {}\n",
    }
    write_tree(tmp_path, files)
    roles = {r.path: r.role for r in build_analysis(tmp_path, registry=registry).analysis.roles}
    assert roles == {
        "src/index.ts": "role.core", "src/timing.ts": "role.core",
        "vitest.config.build.ts": "role.scripts", "vitest-custom-reporter.ts": "role.scripts",
        "build/docs.js": "role.scripts", ".php-cs-fixer.php": "role.scripts", "cake.cs": "role.scripts",
        ".conan/build.py": "role.scripts", "CI/GithubActionReporter.php": "role.core",
    }


def test_an_area_is_labelled_by_most_of_its_code_and_a_tie_is_no_cli():
    # mockk's modules/mockk-android/: ten tests and the module's build file.
    assert dominant_role(Counter({"role.tests": 10, "role.scripts": 1})) == "role.tests"
    # Catch2's extras/: the amalgamated source (with a main) and its header.
    assert dominant_role(Counter({"role.cli": 1, "role.core": 1})) == "role.core"
    assert dominant_role(Counter({"role.cli": 1, "role.core": 1, "role.scripts": 1})) == "role.core"
    # A package whose tests outnumber its sources is still a package of its sources' role.
    assert dominant_role(Counter({"role.tests": 123, "role.core": 104, "role.scripts": 1})) == "role.core"
    assert dominant_role(Counter({"role.scripts": 16, "role.util": 2})) == "role.scripts"
    assert dominant_role(Counter({"role.tests": 3})) == "role.tests"


def test_the_plain_make_targets_come_before_their_variants(tmp_path, registry):
    # prometheus's Makefile defines ui-test and check-generated-promql-functions above test.
    (tmp_path / "Makefile").write_text(
        "ui-install:\n\tnpm ci\nui-test:\n\tnpm test\ncheck-generated-promql-functions:\n\t./gen\n"
        "install:\n\tgo install\ntest:\n\tgo test ./...\nui-build:\n\tnpm run build\nbuild:\n\tgo build\n",
        encoding="utf-8")
    commands = [(c.kind, c.command) for c in find_commands(discover_files(tmp_path, registry), registry)]
    assert commands == [
        ("install", "make install"), ("install", "make ui-install"),
        ("test", "make test"), ("test", "make ui-test"), ("test", "make check-generated-promql-functions"),
        ("build", "make build"), ("build", "make ui-build"),
    ]


def test_helpers_only_their_area_uses_do_not_label_it(tmp_path, registry):
    # vue's packages/server-renderer/: ten ssr helpers under src/helpers/ serve its six
    # renderer files; the package was labelled utilities.
    files = {
        **renderer_with_helpers(),
        # sphinx's utils/: scripts that nothing imports are no helpers serving others.
        "utils/bump_version.py": "def bump():\n    return 1\n", "utils/lint_docs.py": "def lint():\n    return 1\n",
        "utils/fetch.py": "import requests\n\n\ndef fetch():\n    return requests.get('https://example.org')\n",
    }
    write_tree(tmp_path, files)
    areas = {a.path: a.role for a in build_analysis(tmp_path, registry=registry).analysis.areas}
    assert (areas["renderer"], areas["shared"], areas["utils"]) == ("role.core", "role.util", "role.util"), areas


def test_the_binary_that_loads_the_project_is_the_first_entry_of_its_kind(tmp_path, registry):
    # hugo: main.go (the `hugo` binary) and three code generators are Go main packages;
    # by path the generators came first and the binary was among "13 more".
    files = {
        "go.mod": "module example.com/site\n\ngo 1.22\n",
        "main.go": 'package main\n\nimport "example.com/site/commands"\n\nfunc main() { commands.Execute() }\n',
        "commands/commands.go": 'package commands\n\nimport "example.com/site/build"\n\n'
                                "func Execute() { build.Site() }\n",
        "build/site.go": 'package build\n\nimport "example.com/site/render"\n\nfunc Site() { render.Page() }\n',
        "render/page.go": "package render\n\nfunc Page() {}\n",
    }
    for name in ("assets/gen", "internal/genjs"):
        files[f"{name}/main.go"] = 'package main\n\nimport "os"\n\nfunc main() { os.Exit(0) }\n'
    analysis = _analysis(tmp_path, registry, files)
    mains = [e.file for e in analysis.entry_points if e.kind == "entry.go_main"]
    assert mains[0] == "main.go", mains
    assert sorted(mains[1:]) == mains[1:] == ["assets/gen/main.go", "internal/genjs/main.go"]


def test_code_that_imports_a_test_framework_and_only_tests_use_is_test_support(tmp_path, registry):
    # hugo's htesting/ and testenv/ import "testing" and only _test.go files import them:
    # they were core code (testenv a CLI, for its import of "flag").
    # prometheus's promqltest is imported by promtool too: a product, so it stays code.
    module = "example.com/app"
    analysis = _analysis(tmp_path, registry, {
        "go.mod": f"module {module}\n\ngo 1.22\n",
        "htesting/helpers.go": 'package htesting\n\nimport (\n\t"flag"\n\t"testing"\n)\n\n'
                               "func Short(t *testing.T) bool { return flag.Lookup(\"test.short\") != nil }\n",
        "promqltest/run.go": 'package promqltest\n\nimport "testing"\n\nfunc Run(t testing.TB) {}\n',
        "cmd/tool/main.go": f'package main\n\nimport "{module}/promqltest"\n\nfunc main() {{ promqltest.Run(nil) }}\n',
        "engine/engine.go": "package engine\n\nfunc Eval() int { return 1 }\n",
        "engine/engine_test.go": f'package engine\n\nimport (\n\t"testing"\n\n\t"{module}/htesting"\n'
                                 f'\t"{module}/promqltest"\n)\n\nfunc TestEval(t *testing.T) {{\n'
                                 "\thtesting.Short(t)\n\tpromqltest.Run(t)\n}\n",
    })
    roles = {r.path: r.role for r in analysis.roles}
    assert roles["htesting/helpers.go"] == "role.tests"
    assert roles["promqltest/run.go"] != "role.tests"
    assert roles["engine/engine.go"] != "role.tests"


def test_a_library_modules_main_block_is_a_demo(tmp_path, registry):
    # rich: 44 modules end in a demo under `if __name__ == "__main__":`. Its argparse
    # import made markdown.py a CLI, its `class Foo` was among repr.py's names, and its
    # sleeps made 9 of the 11 "time" files. A script's main block is what it does.
    demo = '''import time


class Markdown:
    def render(self):
        return "text"


if sys.platform != "win32" and __name__ == "__main__":
    import argparse

    class Foo:
        pass

    parser = argparse.ArgumentParser()
    time.sleep(1)
'''
    analysis = _analysis(tmp_path, registry, {
        "pkg/__init__.py": "from pkg.markdown import Markdown\n",
        "pkg/markdown.py": "import sys\n" + demo,
        "tools/bench.py": "import time\n\nif __name__ == '__main__':\n    time.sleep(1)\n",
    })
    roles = {r.path: r.role for r in analysis.roles}
    assert roles["pkg/markdown.py"] == "role.core"
    names = {s.name for m in analysis.modules if m.path == "pkg/markdown.py" for s in m.symbols}
    assert "Markdown" in names and "Foo" not in names
    sleeps = {e.path for e in analysis.effects if e.kind == "effect.time"}
    assert sleeps == {"tools/bench.py"}
    guards = [e.file for e in analysis.entry_points if e.kind == "entry.main_guard"]
    assert "pkg/markdown.py" in guards  # still a way to run it


@pytest.mark.parametrize("language, path, is_test", [
    # googletest's whole library (googletest/src/gtest.cc) matched `test/*` from any
    # folder ending in "test", and rubocop's cops under cop/gemspec/ matched `spec/*`.
    ("cpp", "googletest/src/gtest.cc", False),
    ("ruby", "lib/rubocop/cop/gemspec/ordered_dependencies.rb", False),
    ("cpp", "test/gtest_unittest.cc", True),
    ("cpp", "googletest/test/gtest_unittest.cc", True),
    ("ruby", "spec/rubocop/cli_spec.rb", True),
])
def test_a_test_glob_matches_from_a_folder_boundary(registry, language, path, is_test):
    globs = registry.get(language).knowledge.test_paths
    assert bool(why_test(path, globs)) is is_test


def test_what_one_method_requires_or_a_route_table_decides_no_role_by_itself(tmp_path, registry):
    # sidekiq's cli.rb requires rails inside boot_application to boot the user's app: it
    # was an HTTP API. Its web/application.rb registers the dashboard's routes and
    # requires net/http inside one of them: it was an external client.
    analysis = _analysis(tmp_path, registry, {
        "lib/tool/cli.rb": 'require "optparse"\n\nmodule Tool\n  class CLI\n    def boot_application\n'
                           '      require "rails"\n      Rails.application\n    end\n  end\nend\n',
        "lib/tool/web/application.rb": 'module Tool\n  class Application\n    extend WebRouter\n\n'
                                       '    get "/busy" do\n      require "net/http"\n'
                                       '      Net::HTTP.get(URI("http://example.com"))\n    end\n  end\nend\n',
    })
    roles = {r.path: r for r in analysis.roles}
    assert roles["lib/tool/cli.rb"].role == "role.cli", roles["lib/tool/cli.rb"]
    web = roles["lib/tool/web/application.rb"]
    assert web.role == "role.http" and "GET /busy" in web.evidence[0].reason, web


def test_the_tests_inside_an_area_of_code_make_no_edges_between_areas(tmp_path, registry):
    # gorm: schema/*_test.go and utils/tests/ import the root package, which imports
    # schema/ and utils/: the map showed a six-area cycle that the code does not have.
    module = "example.com/orm"
    analysis = _analysis(tmp_path, registry, {
        "go.mod": f"module {module}\n\ngo 1.22\n",
        "orm.go": f'package orm\n\nimport "{module}/schema"\n\nfunc Open() {{ schema.Parse() }}\n',
        "schema/schema.go": "package schema\n\nfunc Parse() {}\n",
        "schema/schema_test.go": f'package schema\n\nimport (\n\t"testing"\n\n\t"{module}"\n)\n\n'
                                 "func TestParse(t *testing.T) { orm.Open() }\n",
        "tests/query_test.go": f'package tests\n\nimport (\n\t"testing"\n\n\t"{module}"\n)\n\n'
                               "func TestQuery(t *testing.T) { orm.Open() }\n",
    })
    edges = {(e.importer, e.imported) for e in analysis.area_edges}
    assert edges == {(".", "schema"), ("tests", ".")}, edges
    assert analysis.cycles == ()
