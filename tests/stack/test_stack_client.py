"""The real Claude Code client against the real tiny llama-server, driven by what `stack init` writes.

1. The recipe's env file, through a loopback logging proxy: the client calls /v1/messages with the recipe's model
   and output cap, and the map in CLAUDE.md reaches the server.
2. End to end as a user runs it: the recipe's start script starts llama-server, waits for /health and runs
   `claude -p` in a repository whose CLAUDE.md claude-map wrote; the server's own log shows the map arrived.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from stack.stack_support import SERVER_DIR, TINY_ALIAS, TINY_CONTEXT, TINY_SAMPLING, free_port
from mapper.cli import main
from mapper.stack.data import load_stack_data
from mapper.stack.recipe import RECIPE_DIR

DATA = load_stack_data()
PROMPT = "Say ok."
CLIENT_TIMEOUT = 600  # seconds; a loaded 2-core machine prefills the client's ~6k-token prompt slowly
# Lines of the map claude-map writes for the python-cli fixture: if they reach the server, the map was delivered.
MAP_EVIDENCE = ("Repository map: python-cli", "taskr.cli:main")


def _claude_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_CODE_", "CLAUDE"))}
    env.update(HOME=str(home), CI="1", NO_COLOR="1")
    return env


def _init(root: Path, model: Path, port: int) -> None:
    result = CliRunner().invoke(main, ["stack", "init", str(root), "--profile", "cpu", "--model", str(model),
                                       "--alias", TINY_ALIAS, "--ctx", str(TINY_CONTEXT), "--port", str(port)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def mapped_repo(repo_copy):
    root = repo_copy("python-cli")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert CliRunner().invoke(main, [str(root), "--quiet"]).exit_code == 0
    return root


class _Recorded:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict]] = []


def _logging_proxy(upstream_port: int, recorded: _Recorded) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            try:
                payload = json.loads(body)
            except ValueError:
                payload = {}
            recorded.requests.append(("POST", self.path, payload))
            self._forward("POST", body)

        def do_GET(self) -> None:  # noqa: N802
            recorded.requests.append(("GET", self.path, {}))
            self._forward("GET", None)

        def _forward(self, method: str, body: bytes | None) -> None:
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=CLIENT_TIMEOUT)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            upstream.request(method, self.path, body=body, headers=headers)
            reply = upstream.getresponse()
            data = reply.read()
            self.send_response(reply.status)
            for key, value in reply.getheaders():
                if key.lower() not in ("transfer-encoding", "content-length", "connection"):
                    self.send_header(key, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            upstream.close()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_client_requests_through_the_recipe_env(claude_bin, tiny_server, tiny_model, mapped_repo, tmp_path):
    recorded = _Recorded()
    proxy = _logging_proxy(tiny_server.port, recorded)
    try:
        _init(mapped_repo, tiny_model, proxy.server_address[1])
        env_file = mapped_repo / RECIPE_DIR / "claude-env.sh"
        script = f'. {env_file} && exec {claude_bin} -p "$0" --tools "{DATA.client.six_tools}"'
        result = subprocess.run(["bash", "-c", script, PROMPT], cwd=mapped_repo, env=_claude_env(tmp_path),
                                capture_output=True, text=True, timeout=CLIENT_TIMEOUT)
    finally:
        proxy.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip()
    posts = [(path, body) for method, path, body in recorded.requests if method == "POST"]
    assert posts and all(path.split("?")[0] == "/v1/messages" for path, _ in posts), [p for p, _ in posts]
    for _, body in posts:
        assert body["model"] == TINY_ALIAS
        assert body["max_tokens"] == DATA.client.recommended_output_cap(TINY_CONTEXT)
        assert body["stream"] is True
    sent = json.dumps([body for _, body in posts])
    assert all(evidence in sent for evidence in MAP_EVIDENCE)


def test_end_to_end_start_script(claude_bin, llama_server_bin, tiny_model, mapped_repo, tmp_path):
    port = free_port()
    _init(mapped_repo, tiny_model, port)
    env = _claude_env(tmp_path)
    env.update(LLAMA_SERVER=str(llama_server_bin), CLAUDE=str(claude_bin),
               LLAMA_SERVER_EXTRA_ARGS=" ".join((*TINY_SAMPLING, "-t", "2", "--verbose")),
               LD_LIBRARY_PATH=f"{SERVER_DIR}:{os.environ.get('LD_LIBRARY_PATH', '')}".rstrip(":"))
    start = mapped_repo / RECIPE_DIR / "start.sh"
    result = subprocess.run([str(start), "-p", PROMPT], cwd=mapped_repo, env=env, capture_output=True, text=True,
                            timeout=CLIENT_TIMEOUT)
    log = (mapped_repo / RECIPE_DIR / "llama-server.log").read_text(errors="replace")
    assert result.returncode == 0, result.stderr[-2000:] + log[-2000:]
    assert result.stdout.strip()
    assert "/v1/messages" in log
    assert all(evidence in log for evidence in MAP_EVIDENCE)
    with pytest.raises(ConnectionError):  # the server the script started is gone with it
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/health")
