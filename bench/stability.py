"""Map stability benchmark: which of a repository's recent commits change the block?

    python bench/stability.py PATH [--commits 40] [--budget 3000] [--claude-map CMD]

PATH is a local git clone. For each of the last N first-parent commits (oldest first),
the tree at that commit is extracted with ``git archive`` into a scratch folder and
mapped; the block is compared with the previous commit's. A commit "changes the
block" when the bytes differ; it changes "digits only" when the two blocks are equal
once every run of digits is replaced by one placeholder (a moved line number, a
drifting count). A map that only churns on structure has no digits-only changes.
Also reported: whether the commit added, deleted or renamed a source file
(``git diff --name-status``), since a file listing has to change then.
Nothing here reaches the network.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class CommitResult:
    sha: str
    subject: str
    changed: bool
    digits_only: bool
    files_added_or_removed: bool


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _map_at(repo: Path, sha: str, command: list[str], budget: int, scratch: Path) -> str:
    tree = scratch / sha
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(repo), "archive", sha], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    done = subprocess.run([*command, "--stdout", "--no-cache", "-q", "--budget", str(budget), str(tree)],
                          check=True, capture_output=True, text=True)
    subprocess.run(["rm", "-rf", str(tree)], check=True)
    # The folder name is the project name when no manifest names one: make it stable.
    return done.stdout.replace(sha, "REPO")


def measure(repo: Path, commits: int, budget: int, command: list[str]) -> list[CommitResult]:
    shas = _git(repo, "rev-list", "--first-parent", f"--max-count={commits + 1}", "HEAD").split()[::-1]
    results: list[CommitResult] = []
    with tempfile.TemporaryDirectory() as scratch:
        previous = _map_at(repo, shas[0], command, budget, Path(scratch))
        for sha in shas[1:]:
            block = _map_at(repo, sha, command, budget, Path(scratch))
            changed = block != previous
            digits_only = changed and DIGITS.sub("#", block) == DIGITS.sub("#", previous)
            status = _git(repo, "diff", "--name-status", "--no-renames", f"{sha}^", sha).split("\n")
            structural = any(line[:1] in ("A", "D") for line in status if line)
            subject = _git(repo, "log", "-1", "--format=%s", sha).strip()
            results.append(CommitResult(sha[:10], subject, changed, digits_only, structural))
            previous = block
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--commits", type=int, default=40)
    parser.add_argument("--budget", type=int, default=3000)
    parser.add_argument("--claude-map", default=shlex.join([sys.executable, "-m", "mapper"]))
    args = parser.parse_args()
    results = measure(args.path, args.commits, args.budget, shlex.split(args.claude_map))
    changed = [r for r in results if r.changed]
    # A commit that adds or removes a file changes the listing's counts by right.
    digits = [r for r in changed if r.digits_only and not r.files_added_or_removed]
    for r in changed:
        kind = "files added/removed" if r.files_added_or_removed else "digits only" if r.digits_only else "structure"
        print(f"{r.sha} {kind:20} {r.subject[:70]}")
    print(f"{args.path.name}: {len(results)} commits, {len(changed)} change the block, "
          f"{len(digits)} of the commits that only modify files change it by digits alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
