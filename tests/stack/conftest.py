"""Fixtures for the stack tests: the real llama-server built by build_llama_server.sh, a tiny model, the real client.

Tests that need a tool skip, saying how to get it, when it is absent (see stack_support.py for where they live).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from stack.stack_support import (
    CLAUDE_BIN, SERVER_DIR, SERVER_TOKEN, TINY_ALIAS, TINY_CONTEXT, TINY_SAMPLING, RunningServer, free_port,
    server_env, wait_for_health,
)


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
    from stack.tiny_model import write_tiny_model

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
