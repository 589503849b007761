"""Print aider's repo map of a directory, for bench/quality.py. Runs inside a venv with aider-chat.

    aider-venv/bin/python bench/aider_map.py ROOT --files-from LIST --budgets 1000,2000 --out OUT.json

LIST holds one repo-relative path a line (the files aider may map, as its `other_files`);
OUT.json gets {"aider_version": ..., "peak_rss_kib": ...,
"maps": {"<budget>": {"text": ..., "seconds": ..., "cpu_seconds": ...}}} (seconds: wall seconds
of RepoMap() + get_repo_map, after the imports; cpu_seconds: this process's user + system).

Offline by construction: tokens are counted as len(text) // 4 (no tiktoken/litellm
encodings), the tags cache is an in-memory dict (nothing is written under ROOT), every
socket connect fails, and the hub/telemetry switches are set to offline. Each budget gets
a fresh RepoMap with an empty cache, so each timing is a cold map like `claude-map --no-cache`.
With --disk-cache (bench/speed.py) the tags cache is instead aider's own diskcache directory,
ROOT/.aider.tags.cache.v*, as aider keeps it between sessions: the first run fills it (cold),
a later run in a new process reads it (warm). Only pass a scratch copy of a repository then.
Run it with PYTHONHASHSEED=0 (bench/quality.py does): aider orders ties by set iteration, so
with random string hashes its map changes from run to run. Even then, about one run in ten
differs in the last few files (seen on click at 4,000 tokens); the cause was not found.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import sys
import time
from pathlib import Path


def block_network() -> None:
    """Make any attempt to open a connection fail loudly instead of reaching out."""

    def refuse(*_args, **_kwargs):
        raise OSError("network disabled by bench/aider_map.py")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "LITELLM_LOCAL_MODEL_COST_MAP"):
        os.environ[name] = "1" if name != "LITELLM_LOCAL_MODEL_COST_MAP" else "True"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        os.environ.pop(name, None)


class CharCountModel:
    """The only thing RepoMap asks of main_model: a token counter (chars / 4, no download)."""

    def token_count(self, text: str) -> int:
        return len(text) // 4


class QuietIO:
    """The InputOutput methods RepoMap calls; messages go to stderr."""

    def read_text(self, fname: str) -> str | None:
        try:
            return Path(fname).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    def tool_output(self, *args, **_kwargs) -> None:
        print(*args, file=sys.stderr)

    tool_warning = tool_output
    tool_error = tool_output


def make_repo_map(budget: int, root: Path, disk_cache: bool = False):
    from aider.repomap import RepoMap

    class InMemoryRepoMap(RepoMap):
        def load_tags_cache(self):  # no .aider.tags.cache.* directory under root
            self.TAGS_CACHE = {}

        def save_tags_cache(self):
            pass

    return (RepoMap if disk_cache else InMemoryRepoMap)(
        map_tokens=budget, root=str(root), main_model=CharCountModel(), io=QuietIO(),
        verbose=False, max_context_window=None, refresh="always",
    )


def aider_version() -> str:
    try:
        from aider import __version__
        return str(__version__)
    except ImportError:
        return "unknown"


def build_maps(root: Path, files: list[str], budgets: list[int],
               disk_cache: bool = False) -> dict[str, dict]:
    # Imported before the clock starts (networkx is otherwise imported by the first map), so
    # each timing is the map alone, the first budget's included.
    import importlib

    for module in ("aider.repomap", "networkx"):
        importlib.import_module(module)

    absolute = [str(root / f) for f in files]
    maps: dict[str, dict] = {}
    for budget in budgets:
        start, cpu = time.perf_counter(), time.process_time()
        repo_map = make_repo_map(budget, root, disk_cache)
        text = repo_map.get_repo_map(chat_files=[], other_files=absolute) or ""
        maps[str(budget)] = {"text": text, "seconds": time.perf_counter() - start,
                             "cpu_seconds": time.process_time() - cpu}
    return maps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--files-from", type=Path, required=True)
    parser.add_argument("--budgets", default="1000,2000,4000,8000")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--disk-cache", action="store_true",
                        help="keep the tags in aider's own ROOT/.aider.tags.cache.v* (a scratch copy only)")
    args = parser.parse_args(argv)
    block_network()
    root = args.root.resolve()
    files = [line for line in args.files_from.read_text(encoding="utf-8").splitlines() if line]
    budgets = [int(b) for b in args.budgets.split(",") if b]
    maps = build_maps(root, files, budgets, args.disk_cache)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"aider_version": aider_version(), "peak_rss_kib": peak, "maps": maps}
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
