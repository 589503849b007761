"""Two-step routing: does "root map -> area -> that area's map" route a fix to its file?

    python bench/zoom_routing.py PATH [--max-fixes 40] [--budget 3000] [--dir-budget 1500]
                                      [--json OUT.json]

PATH is a local git clone, mapped at its HEAD (bench/quality.py's "HEAD approximation").
Nothing here reaches the network. Fixes, tokenizer, BM25 and the attribution of map words
to files (the "segment" rule) are bench/quality.py's, imported, not copied.

Method:
1. One analysis of HEAD, in process. The root map at --budget; for each source area of
   the repository (the areas of the root map's Layout), the area's map as
   `claude-map explain AREA/` prints it, at --dir-budget; and the nested maps a user of
   `nested = "auto"` gets.
2. One-step routing: BM25 over the files the root map names; a hit when a fix's target is
   in the top 5 (quality.py's number).
3. Two-step routing: each area is a document holding the words the root map attributes to
   its files plus the words of its Layout row; the fix subject picks the best-scoring area;
   then BM25 over the files that area's map names gives the top 5. An area no word of the
   subject matches cannot be picked (a miss). Reported two ways: ranking over the area's
   map alone, and over the root map and the area's map together (each file's words from
   both), which is what Claude Code holds once it loads a nested CLAUDE.md next to the
   root one; when no area is picked, the latter ranks over the root map alone.
   A second way to pick the area, from the structural evidence the root map carries
   rather than from one document per area: the area whose files the root map scores
   highest for the subject, summed (BM25 of step 2, by file, added up by area). Both
   are reported: "area picked right" and the two-step columns for each.
   A third two-step variant zooms deeper than the areas: the folder of the file the root
   map ranks first for the subject (one-step routing's top file; `tokio/src/sync/`,
   `sphinx/builders/`), whose 1,500-token map carries each of its files' symbols; then
   BM25 over the root map and that folder's map ("folder of the best file"). And the
   folder picked as the area is in step 3's second way: the folder whose files the root
   map scores highest for the subject, summed.
   Upper bounds, not agent models: the same ranking with the map of the fix's own area
   or own folder (the first target's), as if the agent always zoomed into the right one.
4. Free listing: BM25 over every source path (what `git ls-files` gives an agent).
5. Named: the share of fix targets the root map names; the root map plus the map of the
   target's own area; the root map plus the nested map (nested = "auto") holding the target.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import (  # noqa: E402
    BM25, TOP_K, Documents, FixCommit, QUERY_STOP_WORDS, Tally, claude_map_documents, find_fixes,
    listing_documents, snapshot_at, tokenize,
)

from mapper.app import MapConfig, build_analysis  # noqa: E402
from mapper.graph.areas import area_of  # noqa: E402
from mapper.nested import ZOOM_COMMAND_LINE, render_directory, render_nested  # noqa: E402
from mapper.render import ZoomHint, render_map  # noqa: E402


@dataclass(frozen=True)
class ZoomMaps:
    """The root map and the directory maps of one snapshot, as text."""

    root: str
    areas: dict[str, str]  # area -> its map
    nested: dict[str, str]  # nested = "auto" directory -> its map
    seconds_root: float
    seconds_areas: float


@dataclass
class ZoomReport:
    repo: str
    source_files: int
    fixes: int
    targets: int
    one_step: str
    one_step_top1: str
    two_step: str
    two_step_top1: str
    two_step_both: str
    area_picked: str
    two_step_both_by_files: str  # the area picked by its files' summed scores
    area_picked_by_files: str
    two_step_folder: str  # root + the map of the folder of one-step routing's top file
    folder_picked: str
    two_step_folder_by_files: str  # root + the map of the folder whose files score highest, summed
    folder_picked_by_files: str
    bound_own_area: str  # root + the map of the fix's own area (an upper bound)
    bound_own_folder: str  # root + the map of the fix's own folder (an upper bound)
    free_listing: str
    named_root: str
    named_root_area: str
    named_root_nested: str
    nested_directories: int
    seconds_root: float
    seconds_areas: float


def build_maps(build, budget: int, dir_budget: int) -> ZoomMaps:
    paths = tuple(f.path for f in build.facts)
    start = time.perf_counter()
    root = render_map(build.analysis, paths, budget, zoom=ZoomHint(ZOOM_COMMAND_LINE))
    seconds_root = time.perf_counter() - start
    start = time.perf_counter()
    areas = sorted({area_of(p) for p in paths} - {"."})
    area_maps = {area: render_directory(build, area, dir_budget).document.block for area in areas}
    seconds_areas = time.perf_counter() - start
    nested_maps = {m.directory: m.document.block for m in render_nested(build, ("auto",), root.left_out, dir_budget,
                                                                          root.named)}
    return ZoomMaps(root.block, area_maps, nested_maps, seconds_root, seconds_areas)


def area_documents(root_text: str, known: frozenset[str], areas: Sequence[str]) -> Documents:
    """Each area's words: what the root map attributes to its files, and its Layout row."""
    words: dict[str, list[str]] = {area: [] for area in areas}
    for path, file_words in claude_map_documents(root_text, known, "segment").words.items():
        area = area_of(path)
        if area in words:
            words[area].extend(file_words)
    current = None
    for line in root_text.splitlines():
        if line.startswith("- `"):
            name = line[3:].split("`", 1)[0].rstrip("/")
            current = name if name in words else None
            if current:
                words[current].extend(tokenize(line))
        elif line.startswith("  - ") and current:
            words[current].extend(tokenize(line))
        else:
            current = None
    return Documents({area: tuple(w) for area, w in words.items() if w})


def best_by_file_scores(index: BM25, query: str, group_of: Callable[[str], str],
                        groups: frozenset[str] | None = None) -> str | None:
    """The group (an area, a folder: ``group_of`` a file, only those of ``groups`` when
    given) whose files score highest for ``query``, summed; ties by name; None when no
    file of any group scores."""
    terms = (set(tokenize(query)) - QUERY_STOP_WORDS) & index.idf.keys()
    totals: dict[str, float] = {}
    for path in index.counts:
        group = group_of(path)
        if groups is None or group in groups:
            totals[group] = totals.get(group, 0.0) + index.score(path, terms)
    best = max(totals.values(), default=0.0)
    return min(g for g, total in totals.items() if total == best) if best > 0 else None


class FolderMaps:
    """Directory maps of folders, rendered when first asked for (one per folder)."""

    def __init__(self, build, dir_budget: int, known: frozenset[str]) -> None:
        self.build, self.dir_budget, self.known = build, dir_budget, known
        self.documents: dict[str, Documents] = {}

    def __call__(self, folder: str) -> Documents:
        if folder not in self.documents:
            block = render_directory(self.build, folder, self.dir_budget).document.block
            self.documents[folder] = claude_map_documents(block, self.known, "segment")
        return self.documents[folder]


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def evaluate(repo: Path, fixes: Sequence[FixCommit], maps: ZoomMaps, folder_maps: FolderMaps) -> ZoomReport:
    snapshot = snapshot_at(repo, "HEAD", repo)
    known = snapshot.files
    root_docs = claude_map_documents(maps.root, known, "segment")
    one_index = BM25(root_docs)
    free_index = BM25(listing_documents(snapshot.sources))
    area_index = BM25(area_documents(maps.root, known, list(maps.areas)))
    area_docs = {area: claude_map_documents(text, known, "segment") for area, text in maps.areas.items()}
    area_indexes = {area: BM25(docs) for area, docs in area_docs.items() if docs.words}
    both_indexes = {area: BM25(_merged(root_docs, docs)) for area, docs in area_docs.items()}
    nested_named = {d: claude_map_documents(text, known, "segment").named() for d, text in maps.nested.items()}
    one, two, both, free, both_by_files = Tally(), Tally(), Tally(), Tally(), Tally()
    by_folder, by_folder_scores, own_area, own_folder = Tally(), Tally(), Tally(), Tally()
    picked = picked_by_files = picked_folder = picked_folder_by_scores = named_root = named_area = named_nested = targets = 0

    def zoomed(folder: str | None, subject: str) -> tuple[str, ...]:
        """Top 5 over the root map and the map of ``folder`` (the root map alone for none)."""
        if not folder:
            return one_index.rank(subject)
        return BM25(_merged(root_docs, folder_maps(folder))).rank(subject)

    for fix in fixes:
        ranked = one_index.rank(fix.subject)
        one.add(ranked, fix.targets)
        best_folder = _folder(ranked[0]) if ranked else None
        picked_folder += best_folder is not None and any(_folder(t) == best_folder for t in fix.targets)
        by_folder.add(zoomed(best_folder, fix.subject), fix.targets)
        scored_folder = best_by_file_scores(one_index, fix.subject, _folder)
        picked_folder_by_scores += scored_folder is not None and any(_folder(t) == scored_folder for t in fix.targets)
        by_folder_scores.add(zoomed(scored_folder, fix.subject), fix.targets)
        own_area.add(zoomed(area_of(fix.targets[0]).strip("."), fix.subject), fix.targets)
        own_folder.add(zoomed(_folder(fix.targets[0]), fix.subject), fix.targets)
        free.add(free_index.rank(fix.subject), fix.targets)
        best = area_index.rank(fix.subject, 1)
        area = best[0] if best else None
        picked += area is not None and any(area_of(t) == area for t in fix.targets)
        two.add(area_indexes[area].rank(fix.subject) if area in area_indexes else (), fix.targets)
        both.add((both_indexes[area] if area in both_indexes else one_index).rank(fix.subject), fix.targets)
        by_files = best_by_file_scores(one_index, fix.subject, area_of, frozenset(maps.areas))
        picked_by_files += by_files is not None and any(area_of(t) == by_files for t in fix.targets)
        both_by_files.add((both_indexes[by_files] if by_files in both_indexes else one_index).rank(fix.subject),
                          fix.targets)
        for target in fix.targets:
            targets += 1
            in_root = target in root_docs.named()
            named_root += in_root
            own = area_docs.get(area_of(target))
            named_area += in_root or bool(own and target in own.named())
            named_nested += in_root or any(target in named for d, named in nested_named.items()
                                           if target.startswith(d + "/"))
    return ZoomReport(
        repo=repo.name, source_files=len(snapshot.sources), fixes=len(fixes), targets=targets,
        one_step=one.rate(one.hits5), one_step_top1=one.rate(one.hits1),
        two_step=two.rate(two.hits5), two_step_top1=two.rate(two.hits1), two_step_both=both.rate(both.hits5),
        area_picked=_percent(picked, len(fixes)),
        two_step_both_by_files=both_by_files.rate(both_by_files.hits5),
        area_picked_by_files=_percent(picked_by_files, len(fixes)),
        two_step_folder=by_folder.rate(by_folder.hits5), folder_picked=_percent(picked_folder, len(fixes)),
        two_step_folder_by_files=by_folder_scores.rate(by_folder_scores.hits5),
        folder_picked_by_files=_percent(picked_folder_by_scores, len(fixes)),
        bound_own_area=own_area.rate(own_area.hits5), bound_own_folder=own_folder.rate(own_folder.hits5),
        free_listing=free.rate(free.hits5),
        named_root=_share(named_root, targets), named_root_area=_share(named_area, targets),
        named_root_nested=_share(named_nested, targets), nested_directories=len(maps.nested),
        seconds_root=round(maps.seconds_root, 2), seconds_areas=round(maps.seconds_areas, 2),
    )


def _merged(first: Documents, second: Documents) -> Documents:
    words = {path: list(w) for path, w in first.words.items()}
    for path, w in second.words.items():
        words.setdefault(path, []).extend(w)
    return Documents({path: tuple(w) for path, w in words.items()})


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def render_row(report: ZoomReport) -> str:
    return (f"| {report.repo} | {report.source_files} | {report.fixes} | {report.one_step} | {report.two_step} "
            f"| {report.two_step_both} | {report.area_picked} | {report.two_step_both_by_files} "
            f"| {report.area_picked_by_files} | {report.two_step_folder} | {report.folder_picked} "
            f"| {report.two_step_folder_by_files} | {report.folder_picked_by_files} "
            f"| {report.bound_own_area} | {report.bound_own_folder} | {report.free_listing} | {report.named_root} | {report.named_root_area} "
            f"| {report.named_root_nested} ({report.nested_directories} dirs) |")


HEADER = ("| repo | source files | fixes | one-step top-5 | two-step top-5 (area map) | two-step top-5 (root + area map) "
          "| area picked right | two-step top-5 (root + area map), area by files' scores "
          "| area picked right by files' scores | two-step top-5 (root + map of the best file's folder) "
          "| folder picked right | two-step top-5 (root + folder map), folder by files' scores "
          "| folder picked right by files' scores | bound: root + own area's map | bound: root + own folder's map | free listing top-5 | named: root | root + own area's map | root + nested (auto) maps |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--max-fixes", type=int, default=40)
    parser.add_argument("--budget", type=int, default=3000)
    parser.add_argument("--dir-budget", type=int, default=1500)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    reports = []
    print(HEADER)
    for repo in args.repos:
        fixes = find_fixes(repo, args.max_fixes)
        build = build_analysis(repo, MapConfig(use_cache=True))
        maps = build_maps(build, args.budget, args.dir_budget)
        folder_maps = FolderMaps(build, args.dir_budget, snapshot_at(repo, "HEAD", repo).files)
        report = evaluate(repo, fixes, maps, folder_maps)
        reports.append(report)
        print(render_row(report), flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in reports], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
