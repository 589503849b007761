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


def _claude_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_CODE_", "CLAUDE"))}
    env.update(HOME=str(home), CI="1", NO_COLOR="1")
    return env


def _init(root: Path, model: Path, port: int) -> None:
    result = CliRunner().invoke(main, ["stack", "init", str(root), "--profile", "cpu", "--model", str(model),
                                       "--alias", TINY_ALIAS, "--ctx", str(TINY_CONTEXT), "--port", str(port)])
    assert result.exit_code == 0, result.output


def _map_evidence(root: Path) -> tuple[str, ...]:
    """Lines of the map claude-map wrote (header, languages, an entry point): if they reach the server, it was delivered."""
    lines = (root / "CLAUDE.md").read_text().splitlines()
    evidence = (lines[1], next(l for l in lines if l.startswith("Languages:")),
                next(l for l in lines if l.startswith("- console script:")))
    assert evidence[0].startswith("# Repository map: ")
    return evidence


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
    for evidence in _map_evidence(mapped_repo):
        assert json.dumps(evidence)[1:-1] in sent, evidence


def test_settings_env_beats_the_shell(claude_bin, tiny_server, tiny_model, mapped_repo, tmp_path):
    """What the doctor's stack.env.shadowed warning rests on: .claude/settings.local.json's env wins."""
    recorded = _Recorded()
    proxy = _logging_proxy(tiny_server.port, recorded)
    try:
        result = CliRunner().invoke(main, ["stack", "init", str(mapped_repo), "--profile", "cpu", "--model",
                                           str(tiny_model), "--alias", TINY_ALIAS, "--ctx", str(TINY_CONTEXT),
                                           "--port", str(proxy.server_address[1]), "--write-settings"])
        assert result.exit_code == 0, result.output
        env = {**_claude_env(tmp_path), "ANTHROPIC_MODEL": "shell-model", "CLAUDE_CODE_MAX_OUTPUT_TOKENS": "999"}
        run = subprocess.run([str(claude_bin), "-p", PROMPT, "--tools", DATA.client.six_tools], cwd=mapped_repo,
                             env=env, capture_output=True, text=True, timeout=CLIENT_TIMEOUT)
    finally:
        proxy.shutdown()
    assert run.returncode == 0, run.stderr[-2000:]
    posts = [body for method, _, body in recorded.requests if method == "POST"]
    assert posts and {(b["model"], b["max_tokens"]) for b in posts} == {(TINY_ALIAS, 2048)}


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
    assert "Request converted: Anthropic" in log  # the request came in on the Anthropic Messages API
    for evidence in _map_evidence(mapped_repo):
        assert json.dumps(evidence, ensure_ascii=False)[1:-1] in log, evidence
    with pytest.raises(ConnectionError):  # the server the script started is gone with it
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/health")
