"""Side effects are calls that do I/O: traps for the wrong facts an audit of real
repositories found (issue 10). Each source below is a small version of a real site."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapper.app import build_analysis
from mapper.languages.registry import load_languages


@pytest.fixture(scope="module")
def registry():
    return load_languages()


def _effects(tmp_path: Path, registry, files: dict[str, str]) -> set[tuple[str, int, str, str]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    analysis = build_analysis(tmp_path, registry=registry).analysis
    return {(e.path, e.line, e.kind, e.detail) for e in analysis.effects}


def test_building_a_client_or_a_date_is_not_io_but_executing_a_call_is(tmp_path, registry):
    found = _effects(tmp_path, registry, {"src/Sync.kt": """package acme
import okhttp3.OkHttpClient
import okhttp3.Request
import java.util.Date

class Sync {
    private val client = OkHttpClient.Builder().build()
    private val other = OkHttpClient()
    fun push(request: Request) {
        val stamp = Date(0L)
        client.newCall(request).execute()
        val call = client.newCall(request)
        call.enqueue(callback)
    }
}
"""})
    assert found == {
        ("src/Sync.kt", 11, "effect.net", "?.execute"),
        ("src/Sync.kt", 13, "effect.net", "call.enqueue"),
    }


def test_a_method_name_needs_a_receiver_that_fits(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        "lib/cli.rb": """class Cli
  def run(command, db)
    command.execute(:serve)
    db.execute("select 1")
  end
end
""",
        "src/Matcher.kt": """package acme
import java.io.File
class Matcher {
    fun describeTo(description: Description, buffer: Buffer, executor: Executor) {
        description.appendText("a response")
        buffer.outputStream()
        executor.execute(task)
        val module = OkHttpClient::class.java.module
        File("out.txt").writeText("x")
        logFile.appendText("line")
    }
}
""",
        "app/store.py": """def save(command, cursor):
    command.execute()
    cursor.execute("insert")
""",
    })
    assert found == {
        ("lib/cli.rb", 4, "effect.db", "db.execute"),
        ("src/Matcher.kt", 9, "effect.fs.write", "?.writeText"),
        ("src/Matcher.kt", 10, "effect.fs.write", "logFile.appendText"),
        ("app/store.py", 3, "effect.db", "cursor.execute"),
    }


def test_lookups_and_pure_helpers_through_an_effectful_module_are_not_effects(tmp_path, registry):
    found = _effects(tmp_path, registry, {"app/codes.py": """import http.client
import os.path
import secrets
import httpx

def reason(code, a, b):
    http.client.responses.get(code)
    os.path.join("a", "b")
    secrets.compare_digest(a, b)
    httpx.Client()
    httpx.get("https://example.com")
    return secrets.token_hex(8)
"""})
    assert found == {
        ("app/codes.py", 11, "effect.net", "httpx.get"),
        ("app/codes.py", 12, "effect.random", "secrets.token_hex"),
    }


def test_file_opens_are_split_by_mode(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        "app/io.py": """def copy(src, dst):
    data = open(src).read()
    open(dst, "w").write(data)
    open(dst, mode="ab")
    open(src, "rb")
""",
        "lib/io.rb": """class Io
  def copy(src, dst)
    File.open(src)
    File.open(dst, "w") { |f| f.write("x") }
  end
end
""",
        "src/io.c": """#include <stdio.h>
void copy(const char *src, const char *dst) {
    FILE *in = fopen(src, "rb");
    FILE *out = fopen(dst, "wb");
}
""",
    })
    assert found == {
        ("app/io.py", 2, "effect.fs", "open"),
        ("app/io.py", 3, "effect.fs.write", "open"),
        ("app/io.py", 4, "effect.fs.write", "open"),
        ("app/io.py", 5, "effect.fs", "open"),
        ("lib/io.rb", 3, "effect.fs", "File.open"),
        ("lib/io.rb", 4, "effect.fs.write", "File.open"),
        ("src/io.c", 3, "effect.fs", "fopen"),
        ("src/io.c", 4, "effect.fs.write", "fopen"),
    }


def test_socket_connects_and_the_platform_clock_are_found(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        "src/Connector.kt": """package acme
import java.net.Socket
class Connector {
    fun open(socket: Socket, address: Address) {
        socket.connect(address, 1000)
    }
}
""",
        "src/Clock.cs": """namespace Acme;
class Clock {
    public DateTimeOffset Now() => DateTimeOffset.Now;
    public DateTime Utc() => System.DateTime.UtcNow;
    public DateTime Fixed() => new DateTime(2020, 1, 1);
}
""",
    })
    assert found == {
        ("src/Connector.kt", 5, "effect.net", "socket.connect"),
        ("src/Clock.cs", 3, "effect.time", "DateTimeOffset.Now"),
        ("src/Clock.cs", 4, "effect.time", "System.DateTime.UtcNow"),
    }


def test_a_call_into_the_repository_itself_is_not_an_effect(tmp_path, registry):
    # Inside httpx, `httpx.Client()` is the project's own class: its effects sit where
    # the I/O happens, not at every use.
    found = _effects(tmp_path, registry, {
        "httpx/__init__.py": "from ._api import get\n",
        "httpx/_api.py": "import socket\n\ndef get(url):\n    return socket.create_connection((url, 80))\n",
        "tests/test_api.py": "import httpx\n\ndef test_get():\n    httpx.get('example.com')\n",
    })
    assert found == {("httpx/_api.py", 4, "effect.net", "socket.create_connection")}


def test_constructing_a_random_generator_is_not_randomness(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        "src/Behavior.java": "package acme;\n\nimport java.util.Random;\nimport java.util.UUID;\n\n"
        "class Behavior {\n    Random random = new Random(2847);\n    String id = UUID.randomUUID().toString();\n}\n",
        "bench/sample.py": "import random\n\nrng = random.Random(0)\nrandom.shuffle([1, 2])\n",
    })
    assert found == {
        ("src/Behavior.java", 8, "effect.random", "java.util.UUID.randomUUID"),
        ("bench/sample.py", 4, "effect.random", "random.shuffle"),
    }


def test_php_guzzle_sends_through_a_client_and_server_globals_are_no_environment(tmp_path, registry):
    found = _effects(tmp_path, registry, {"tests/PoolTest.php": """<?php
namespace GuzzleHttp\\Tests;

use GuzzleHttp\\Client;
use GuzzleHttp\\Promise\\Promise;

final class PoolTest
{
    public function testPool(): void
    {
        $client = new Client();
        $promise = new Promise(static function () {});
        $client->request('GET', 'https://example.com');
        $_SERVER['_curl_multi']['x'] = 1;
        $stub = $_SERVER['_curl'];
        $key = $_ENV['APP_KEY'];
        $this->request->get('page');
    }
}
"""})
    assert found == {
        ("tests/PoolTest.php", 13, "effect.net", "$client.request"),
        ("tests/PoolTest.php", 16, "effect.env", "APP_KEY"),
    }


def test_an_unseeded_random_generator_is_randomness_and_a_seeded_one_is_not(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        "src/Jitter.java": "package acme;\n\nimport java.util.Random;\n\nclass Jitter {\n"
        "    Random seeded = new Random(2847);\n    Random fresh = new Random();\n}\n",
        "src/Backoff.kt": "package acme\n\nimport kotlin.random.Random\n\n"
        "val seeded = Random(42)\nval fresh = Random()\nval roll = Random.nextInt(6)\n",
        "src/Ids.cs": "using System;\n\nclass Ids {\n    Random seeded = new Random(7);\n"
        "    Random fresh = new Random();\n}\n",
        "tools/sample.py": "import random\n\nseeded = random.Random(0)\nfresh = random.Random()\n",
    })
    assert found == {
        ("src/Jitter.java", 7, "effect.random", "java.util.Random"),
        ("src/Backoff.kt", 6, "effect.random", "kotlin.random.Random"),
        ("src/Backoff.kt", 7, "effect.random", "kotlin.random.Random.nextInt"),
        ("src/Ids.cs", 5, "effect.random", "Random"),
        ("tools/sample.py", 4, "effect.random", "random.Random"),
    }


def test_setting_an_environment_variable_is_not_reading_one(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        "completions_test.go": 'package x\n\nimport "os"\n\nfunc f() string {\n\tos.Unsetenv("A")\n'
        '\tos.Setenv("B", "1")\n\treturn os.Getenv("C")\n}\n',
        "tests/ClientTest.php": "<?php\nfunction t() {\n    \\putenv('NO_PROXY=');\n    return \\getenv('HOME');\n}\n",
        "tool/env.py": "import os\n\nos.putenv('A', '1')\nhome = os.getenv('HOME')\n",
        "lib/env.rb": "ENV.delete('A')\nENV.store('B', '1')\nhome = ENV.fetch('HOME')\n",
        "src/env.c": "#include <stdlib.h>\n\nchar *f(void) {\n  setenv(\"A\", \"1\", 1);\n  return getenv(\"HOME\");\n}\n",
    })
    assert {(path, detail) for path, _, kind, detail in found if kind == "effect.env"} == {
        ("completions_test.go", "C"), ("tests/ClientTest.php", "HOME"), ("tool/env.py", "HOME"),
        ("lib/env.rb", "HOME"), ("src/env.c", "HOME"),
    }


def test_an_in_memory_stream_is_no_file(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        "tests/StreamHandlerTest.php": "<?php\nfunction t($path) {\n    $r = \\fopen('php://temp', 'r+');\n"
        "    $f = \\fopen($path, 'r');\n    return [$r, $f];\n}\n",
    })
    assert found == {("tests/StreamHandlerTest.php", 4, "effect.fs", "fopen")}


def test_qt_connect_joins_a_signal_and_is_no_socket_connect(tmp_path, registry):
    found = _effects(tmp_path, registry, {
        # hiredis's adapters/qt.h: a C++ class in a header, which is parsed as C.
        "adapters/qt.h": "#include <QSocketNotifier>\n#include \"../async.h\"\n\nstatic void attach(void *n) {\n"
        "  connect(n, SIGNAL(activated(int)), 0, SLOT(read()));\n}\n",
        "examples/example-qt.cpp": "#include <QCoreApplication>\n\nvoid Run::run() {\n"
        "  connect(this, SIGNAL(done()), qApp, SLOT(quit()));\n}\n",
        "net.c": "#include <sys/socket.h>\n\nint dial(int fd) {\n  return connect(fd, 0, 0);\n}\n",
    })
    assert found == {("net.c", 4, "effect.net", "connect")}


def test_a_method_named_exec_runs_a_process_only_on_a_runtime(tmp_path, registry):
    # mockk's safeToString.exec { } takes a lambda; kotlinpoet's wasm regExp.exec matches
    # a regex; Slim's route->prepare() binds arguments. Only the runtime runs a process,
    # and only a database handle prepares a statement.
    found = _effects(tmp_path, registry, {
        "src/Verifier.kt": "package acme\n\nclass Verifier(val safeToString: SafeToString, val regExp: RegExp) {\n"
        "    fun verify(): String {\n        val text = safeToString.exec { \"x\" }\n"
        "        regExp.exec(text)\n        return text\n    }\n}\n",
        "src/Shell.java": "package acme;\n\nclass Shell {\n    void run(Runtime runtime) throws Exception {\n"
        "        Runtime.getRuntime().exec(\"ls\");\n        runtime.exec(\"pwd\");\n    }\n}\n",
        "src/Routing.php": "<?php\nfunction route($route, $pdo, $args) {\n    $route->prepare($args);\n"
        "    $pdo->prepare('SELECT 1');\n    return $route->getRoute()->prepare($args);\n}\n",
    })
    assert {(path, line, kind) for path, line, kind, _ in found if kind in ("effect.subprocess", "effect.db")} == {
        ("src/Shell.java", 5, "effect.subprocess"), ("src/Shell.java", 6, "effect.subprocess"),
        ("src/Routing.php", 4, "effect.db"),
    }


def test_a_call_to_the_objects_own_method_is_not_a_library_effect(tmp_path, registry):
    # rich's LegacyWindowsTerm.write_styled calls self.write_text, its own console
    # method; the receiver-blind `.write_text` (pathlib) had made it a filesystem write.
    found = _effects(tmp_path, registry, {"term.py": """from pathlib import Path


class Term:
    def write_text(self, text):
        print(text)

    def write_styled(self, text):
        self.write_text(text)

    def save(self, text):
        self.path.write_text(text)
""", "src/server.js": """class Server {
  listen(port) { return port }
  start() { return this.listen(8080) }
}
module.exports = Server
"""})
    writes = {(path, line) for path, line, kind, _ in found if kind == "effect.fs.write"}
    assert writes == {("term.py", 12)}, found
    assert not any(path == "src/server.js" for path, *_ in found), found
