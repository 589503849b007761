"""Speed benchmark: claude-map against the tree-sitter parse ceiling, on any repository.

    python bench/speed.py PATH [--jobs 2] [--repeat 3]

Prints, each measured in this run (the machines are noisy, so compare ratios):
  1. raw parse: tree-sitter parsing the same files with the same grammars and the
     same number of processes, nothing else (the ceiling);
  2. cold: a full map with no cache (fresh process), and its throughput as a share of 1;
  3. warm: a second run with the cache, nothing changed, as a share of cold;
  4. hook: one file edited, then re-run (what a pre-commit hook pays);
  5. peak RSS of the cold run.
Each claude-map run is a separate process (`python -m mapper`), as a user runs it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mapper.discover import discover_files
from mapper.languages.registry import load_languages
from mapper.parse.grammars import GrammarLoader


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


def raw_parse_seconds(root: Path, jobs: int) -> tuple[float, int, int]:
    registry = load_languages()
    snapshot = discover_files(root, registry)
    items = [(s.path, s.language) for s in snapshot.sources]
    size = sum(s.size for s in snapshot.sources)
    chunks = [items[i::jobs] for i in range(jobs)]
    start = time.perf_counter()
    if jobs == 1:
        _raw_parse_chunk(str(root), items)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_raw_parse_chunk, [str(root)] * jobs, chunks))
    return time.perf_counter() - start, len(items), size


def run_map(root: Path, jobs: int, *extra: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one `python -m mapper` run."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "mapper", "--stdout", "-q", "--jobs", str(jobs), *extra, str(root)],
        check=True, stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def python_startup_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import mapper.cli"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / args.path.resolve().name
        shutil.copytree(args.path, root, symlinks=True, ignore=shutil.ignore_patterns(".claude-map", ".git"))
        raw = [raw_parse_seconds(root, args.jobs) for _ in range(args.repeat)]
        raw_s = statistics.median(r[0] for r in raw)
        files, size = raw[0][1], raw[0][2]
        cold = []
        for _ in range(args.repeat):
            shutil.rmtree(root / ".claude-map", ignore_errors=True)
            cold.append(run_map(root, args.jobs))
        cold_s = statistics.median(c[0] for c in cold)
        peak = max(c[1] for c in cold)
        warm_s = statistics.median(run_map(root, args.jobs)[0] for _ in range(args.repeat))
        sources = sorted(p for p in root.rglob("*.py"))[:1] or sorted(p for p in root.rglob("*.*s"))[:1]
        hook = []
        for i in range(args.repeat):
            if sources:
                with sources[0].open("a") as handle:
                    handle.write(f"\n# bench edit {i}\n")
            hook.append(run_map(root, args.jobs)[0])
        hook_s = statistics.median(hook)
        startup = python_startup_seconds()

    print(f"repository: {args.path} ({files} source files, {size / 1e6:.1f} MB), jobs={args.jobs}")
    print(f"raw tree-sitter parse:  {raw_s:6.2f} s  ({size / 1e6 / raw_s:5.1f} MB/s)")
    print(f"cold claude-map:        {cold_s:6.2f} s  ({size / 1e6 / cold_s:5.1f} MB/s) "
          f"= {raw_s / cold_s:.0%} of raw-parse throughput")
    print(f"warm, no change:        {warm_s:6.2f} s  = {warm_s / cold_s:.1%} of cold")
    print(f"hook, one file edited:  {hook_s:6.2f} s  = {hook_s / cold_s:.1%} of cold")
    print(f"python + import only:   {startup:6.2f} s")
    print(f"peak RSS (cold):        {peak / 1024:6.0f} MB")


if __name__ == "__main__":
    main()
