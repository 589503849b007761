"""Speed benchmark: claude-map against the tree-sitter parse ceiling, on any repository.

    python bench/speed.py PATH [--jobs 2] [--repeat 3] [--aider-python /path/to/aider-venv/bin/python]

Prints, each measured in this run (the machines are noisy, so compare ratios):
  1. raw parse: tree-sitter parsing the same files with the same grammars and the
     same number of processes, nothing else (the ceiling);
  2. cold: a full map with no cache (fresh process), and its throughput as a share of 1;
  3. warm: a second run with the cache, nothing changed, as a share of cold;
  4. hook: one file edited (a comment line appended), then re-run (what a pre-commit hook
     pays); and that comment reworded on its line, an edit that changes no fact;
  5. peak RSS of the cold run (the largest single process: the main one or one parser worker).
Each claude-map run is a separate process (`python -m mapper`), as a user runs it; its
CPU seconds are user + system of that process and its parser workers. If claude-map's own
files change during its runs (a development checkout being edited), a warning says that its
cache was void, so warm and hook are not what they claim.

With --aider-python (the python of a venv with aider-chat), also aider's repo map of the
same discovered source files, through bench/aider_map.py (network blocked, tokens counted
as chars / 4, --aider-budget tokens, no chat files, no context-window multiplier), each a
fresh process as aider starts one per session:
  cold: aider's tags cache (`.aider.tags.cache.v*`, in the scratch copy) removed first;
  warm: the next process, reading the cache the cold run wrote, nothing changed;
and the ratios claude-map / aider (wall and CPU seconds) of cold and of warm, in this run.
The repository is copied to a temporary directory first; nothing is written into PATH.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import mapper
from mapper.discover import discover_files
from mapper.languages.registry import load_languages
from mapper.parse.grammars import GrammarLoader

# Run as a script, this folder is on sys.path: aider runs with the environment the
# quality benchmark gives it (no proxies, offline switches, a fixed hash seed).
from quality import offline_env  # noqa: E402

AIDER_SCRIPT = Path(__file__).with_name("aider_map.py")
HASH_COMMENT = {"python", "ruby", "bash", "shell", "toml", "yaml", "r", "perl", "elixir"}


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the process and its waited-for children
    peak_kib: int  # ru_maxrss of the process (or its largest child)


def _cpu_now() -> float:
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_usage.ru_utime + self_usage.ru_stime + children.ru_utime + children.ru_stime


def _raw_parse_chunk(root: str, items: list[tuple[str, str]]) -> int:
    registry = load_languages()
    loader = GrammarLoader()
    parsed = 0
    for path, language in items:
        spec = registry.get(language)
        bundle = loader.bundle(spec.spec.grammar_for(path), spec.query_source)
        if bundle is None:
            continue
        bundle.parser.parse((Path(root) / path).read_bytes())
        parsed += 1
    return parsed


def make_checkout(root: Path) -> str:
    """A copy of a git checkout is made one again (a fresh repository with every file
    committed, history left behind), so claude-map lists it with git as on the
    original rather than walking it."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    subprocess.run(["git", "init", "-q", str(root)], **quiet)
    subprocess.run(["git", "-C", str(root), "add", "-A"], **quiet)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                    "commit", "-q", "-m", "snapshot"], **quiet)
    return "git ls-files (a fresh repository of the copy)"


def discovered_sources(root: Path) -> list[tuple[str, str, int]]:
    """(path, language, size) of every source claude-map discovers under root."""
    snapshot = discover_files(root, load_languages())
    return [(s.path, s.language, s.size) for s in snapshot.sources]


def raw_parse(root: Path, jobs: int, sources: list[tuple[str, str, int]]) -> Run:
    items = [(path, language) for path, language, _ in sources]
    chunks = [items[i::jobs] for i in range(jobs)]
    start, cpu = time.perf_counter(), _cpu_now()
    if jobs == 1:
        _raw_parse_chunk(str(root), items)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_raw_parse_chunk, [str(root)] * jobs, chunks))
    return Run(time.perf_counter() - start, _cpu_now() - cpu, 0)


def run_process(command: list[str], env: dict[str, str] | None = None, stderr=None) -> Run:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one child process and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
    _, status, usage = os.wait4(process.pid, 0)  # this child's usage alone, with its own children
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def map_env(scratch: Path) -> dict[str, str]:
    """Children run with compiled bytecode, as from a pip-installed wheel (pip compiles it
    at install). It goes to a scratch folder, not the checkout; without it, a checkout
    run with PYTHONDONTWRITEBYTECODE compiles claude-map's modules on every run, which
    costs a warm run a fifth of its time."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env


def run_map(root: Path, jobs: int, env: dict[str, str], *extra: str) -> Run:
    """One `python -m mapper` run, as a user runs it."""
    command = [sys.executable, "-m", "mapper", "--stdout", "-q", "--jobs", str(jobs), *extra, str(root)]
    return run_process(command, env=env)


def measure_drift(root: Path, jobs: int, env: dict[str, str], target: tuple[str, str] | None, repeat: int,
                  extra: list[str]) -> tuple[Run, Run, Run]:
    """`claude-map drift` unchanged, then the map and drift after a comment appended to one file."""
    drift = [sys.executable, "-m", "mapper", "drift", "-q", "--jobs", str(jobs), str(root)]
    run_process([*drift[:4], "--update-baseline", *drift[4:]], env=env)
    unchanged = median_run([run_process(drift, env=env) for _ in range(repeat)])
    maps, drifts = [], []
    for i in range(repeat):
        if target:
            with (root / target[0]).open("a", encoding="utf-8") as handle:
                handle.write(f"\n{target[1]} bench drift edit {i}\n")
        maps.append(run_map(root, jobs, env, *extra))
        drifts.append(run_process(drift, env=env))
    return unchanged, median_run(maps), median_run(drifts)


def python_startup_seconds(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import mapper.cli"], check=True, env=env)
    return time.perf_counter() - start


def code_stamp() -> str:
    """A hash of claude-map's own files: if it changes mid-run, the cache is void and warm is cold."""
    digest = hashlib.sha1()
    package = Path(mapper.__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def pick_edit_target(sources: list[tuple[str, str, int]]) -> tuple[str, str] | None:
    """The first source (by path) of the most common language, and a comment line to append to it."""
    if not sources:
        return None
    language = Counter(lang for _, lang, _ in sources).most_common(1)[0][0]
    path = min(p for p, lang, _ in sources if lang == language)
    return path, "#" if language in HASH_COMMENT else "//"


@dataclass(frozen=True)
class AiderRun:
    process: Run  # the whole process: interpreter start, imports, map
    map_wall: float  # get_repo_map alone, as aider_map.py timed it
    map_cpu: float
    peak_kib: int
    tokens: int  # len(map) // 4, the count aider_map.py gives aider
    version: str


def run_aider(python: str, root: Path, listing: Path, out: Path, budget: int) -> AiderRun:
    log = out.with_suffix(".log")
    try:
        with log.open("w") as stderr:  # aider's progress bar and messages
            process = run_process([python, str(AIDER_SCRIPT), str(root), "--files-from", str(listing),
                                   "--budgets", str(budget), "--out", str(out), "--disk-cache"],
                                  env=offline_env(), stderr=stderr)
    except subprocess.CalledProcessError:
        sys.stderr.write(log.read_text(errors="replace")[-4000:])
        raise
    result = json.loads(out.read_text(encoding="utf-8"))
    one = result["maps"][str(budget)]
    return AiderRun(process, one["seconds"], one["cpu_seconds"], result["peak_rss_kib"],
                    len(one["text"]) // 4, result["aider_version"])


def clear_aider_cache(root: Path) -> None:
    for cache in root.glob(".aider.tags.cache.v*"):
        shutil.rmtree(cache, ignore_errors=True)


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.peak_kib for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=int, help="claude-map --budget (default: claude-map's own)")
    parser.add_argument("--aider-python", help="python of a venv with aider-chat; adds aider's repo map")
    parser.add_argument("--aider-budget", type=int, default=1024, help="aider's map tokens (default 1024)")
    parser.add_argument("--drift", action="store_true",
                        help="also `claude-map drift` against a baseline: unchanged, and with the map after a one-file edit")
    args = parser.parse_args()
    extra = ["--budget", str(args.budget)] if args.budget else []

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / args.path.resolve().name
        shutil.copytree(args.path, root, symlinks=True,
                        ignore=shutil.ignore_patterns(".claude-map", ".git", ".aider.tags.cache.v*"))
        listing_kind = make_checkout(root) if (args.path / ".git").exists() else "a walk (no git)"
        sources = discovered_sources(root)
        files, size = len(sources), sum(s for _, _, s in sources)
        raw = median_run([raw_parse(root, args.jobs, sources) for _ in range(args.repeat)])
        aider_cold: list[AiderRun] = []
        aider_warm: list[AiderRun] = []
        if args.aider_python:  # first: then claude-map's cold, warm and hook runs follow one another
            listing = Path(scratch) / "aider-files.txt"
            listing.write_text("".join(f"{p}\n" for p, _, _ in sources), encoding="utf-8")
            out = Path(scratch) / "aider-map.json"
            for _ in range(args.repeat):
                clear_aider_cache(root)
                aider_cold.append(run_aider(args.aider_python, root, listing, out, args.aider_budget))
                aider_warm.append(run_aider(args.aider_python, root, listing, out, args.aider_budget))
            clear_aider_cache(root)
        stamp = code_stamp()
        env = map_env(Path(scratch))
        python_startup_seconds(env)  # compiles the bytecode once, before anything is timed
        cold_runs = []
        for _ in range(args.repeat):
            shutil.rmtree(root / ".claude-map", ignore_errors=True)
            cold_runs.append(run_map(root, args.jobs, env, *extra))
        cold = median_run(cold_runs)
        warm = median_run([run_map(root, args.jobs, env, *extra) for _ in range(args.repeat)])
        target = pick_edit_target(sources)
        hook_runs = []
        for i in range(args.repeat):
            if target:
                with (root / target[0]).open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{target[1]} bench edit {i}\n")
            hook_runs.append(run_map(root, args.jobs, env, *extra))
        hook = median_run(hook_runs)
        # The comment just added, reworded on its own line: the file changed but none of
        # its facts did, so claude-map answers from its result cache after parsing it.
        reworded_runs = []
        for i in range(args.repeat):
            if target:
                edited = root / target[0]
                last = f"bench edit {args.repeat - 1}".encode()
                edited.write_bytes(edited.read_bytes().replace(last, last + f" reworded {i}".encode()))
            reworded_runs.append(run_map(root, args.jobs, env, *extra))
        reworded = median_run(reworded_runs)
        drift_runs = measure_drift(root, args.jobs, env, target, args.repeat, extra) if args.drift else None
        startup = python_startup_seconds(env)

    mb = size / 1e6
    print(f"repository: {args.path} ({files} source files, {mb:.1f} MB), jobs={args.jobs}, repeat={args.repeat}"
          + (f", claude-map --budget {args.budget}" if args.budget else ""))
    print(f"listing: {listing_kind}")
    print(f"raw tree-sitter parse:  {raw.wall:6.2f} s  ({mb / raw.wall:5.1f} MB/s)  CPU {raw.cpu:6.2f} s")
    print(f"cold claude-map:        {cold.wall:6.2f} s  ({mb / cold.wall:5.1f} MB/s)  CPU {cold.cpu:6.2f} s"
          f"  = {raw.wall / cold.wall:.0%} of raw-parse throughput")
    print(f"warm, no change:        {warm.wall:6.2f} s  = {warm.wall / cold.wall:6.1%} of cold"
          f"            CPU {warm.cpu:6.2f} s")
    print(f"hook, one file edited:  {hook.wall:6.2f} s  = {hook.wall / cold.wall:6.1%} of cold"
          f"            CPU {hook.cpu:6.2f} s  ({target[0] if target else 'no file'})")
    print(f"hook, no fact changed:  {reworded.wall:6.2f} s  = {reworded.wall / cold.wall:6.1%} of cold"
          f"            CPU {reworded.cpu:6.2f} s  (that comment reworded on its line)")
    print(f"python + import only:   {startup:6.2f} s")
    print(f"peak RSS (cold):        {cold.peak_kib / 1024:6.0f} MB")
    if drift_runs:
        unchanged, edited_map, edited_drift = drift_runs
        print(f"drift, no change:       {unchanged.wall:6.2f} s  = {unchanged.wall / cold.wall:6.1%} of cold"
              f"            CPU {unchanged.cpu:6.2f} s  (against a baseline it recorded)")
        both = edited_map.wall + edited_drift.wall
        print(f"map + drift, one edit:  {both:6.2f} s  = {both / cold.wall:6.1%} of cold"
              f"            (map {edited_map.wall:.2f} s, drift {edited_drift.wall:.2f} s; what the two hooks pay)")
    if code_stamp() != stamp:
        print("WARNING: claude-map's code changed during this run; its warm and hook figures are void")
    if aider_cold:
        a_cold = median_run([a.process for a in aider_cold])
        a_warm = median_run([a.process for a in aider_warm])
        print(f"aider-chat {aider_cold[0].version} repo map, {args.aider_budget} tokens (got "
              f"~{aider_cold[0].tokens}), same {files} files, network blocked, tags cache on disk:")
        for name, runs, whole in (("cold", aider_cold, a_cold), ("warm", aider_warm, a_warm)):
            print(f"aider {name} (process):     {whole.wall:6.2f} s  CPU {whole.cpu:6.2f} s"
                  f"  (map alone {statistics.median(a.map_wall for a in runs):6.2f} s,"
                  f" CPU {statistics.median(a.map_cpu for a in runs):6.2f} s;"
                  f" peak RSS {max(a.peak_kib for a in runs) / 1024:.0f} MB)")
        for name, mine, theirs in (("cold", cold, a_cold), ("warm", warm, a_warm)):
            print(f"claude-map / aider {name}:  wall {mine.wall / theirs.wall:5.2f}  CPU {mine.cpu / theirs.cpu:5.2f}"
                  f"  (claude-map {mine.wall:.2f} s wall, {mine.cpu:.2f} s CPU;"
                  f" aider {theirs.wall:.2f} s, {theirs.cpu:.2f} s)")


if __name__ == "__main__":
    main()
