"""Stage 6, budget/render: ``Analysis`` -> the markdown block, within a hard token budget."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import jinja2

from mapper.model import Analysis
from mapper.render.budget import BudgetError, fit_sections
from mapper.render.sanitize import backstop
from mapper.model import BLOCK_BEGIN, BLOCK_END
from mapper.render.tokens import TokenCounter, count_tokens
from mapper.render.sections import FILE_SECTION_SHARES, build_sections, left_out_files

__all__ = ["BLOCK_BEGIN", "BLOCK_END", "MapDocument", "ZoomHint", "render_map", "render_template", "BudgetError"]

# Header, commands and entry points: shrunk only after every later section.
PROTECTED_SECTIONS = 3
FIT_ATTEMPTS = 4  # fits to a smaller budget when the joined sections run over


@dataclass(frozen=True)
class MapDocument:
    block: str  # from BLOCK_BEGIN to BLOCK_END inclusive, '\n' line endings, no final newline
    tokens: int
    left_out: frozenset[str] = frozenset()  # project files (not tests, scripts) the role listing does not name
    named: frozenset[str] = frozenset()  # the files Module roles and Example programs name

    @property
    def complete(self) -> bool:
        """Every project file is named."""
        return not self.left_out


@dataclass(frozen=True)
class ZoomHint:
    """The header's line on zooming in: ``when_incomplete`` is shown only when the map
    cannot name every project file; ``always`` (the nested maps) whenever it is set."""

    when_incomplete: str = ""
    always: str = ""

    def line(self, complete: bool) -> str:
        parts = [self.always] if complete else [self.when_incomplete, self.always]
        return " ".join(p for p in parts if p)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The shipped templates, compiled once per process: a run that renders the root
    map and nested maps would otherwise spend most of its render time compiling them."""
    templates = resources.files("mapper.templates")

    def load(name: str) -> str:
        return templates.joinpath(*name.split("/")).read_text(encoding="utf-8")

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=backstop,  # no unsafe string is rendered, whatever reached a template
    )


def render_template(name: str, **values) -> str:
    """Render one of the shipped templates (used by ``explain``)."""
    return _normalise(_environment().get_template(name).render(**values))


def _normalise(text: str) -> str:
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return "\n".join(lines) + "\n" if any(lines) else ""


def render_map(analysis: Analysis, source_paths: tuple[str, ...], budget: int, directory: str = "",
               zoom: ZoomHint = ZoomHint()) -> MapDocument:
    """The block within ``budget``. ``directory`` marks the map of one directory; the
    zoom line goes into the header only when the map cannot name every file, which
    is known once the sections are fitted: so fit with it, and fit again without it
    when every file was named even so."""
    environment = _environment()
    sections = build_sections(analysis, source_paths, directory, zoom.line(complete=False))
    rendered = [
        [_normalise(environment.get_template(f"sections/{s.name}.md.j2").render(view=v)) for v in s.variants]
        for s in sections
    ]
    try:
        document = _fit(analysis, sections, rendered, budget)
    except BudgetError:
        if not zoom.line(complete=False):
            raise
        document = None  # a budget this small has no room for the zoom line
    if document is None or (document.complete and zoom.line(complete=True) != zoom.line(complete=False)):
        header = replace(sections[0].variants[0], zoom=zoom.line(complete=True) if document else "")
        rendered[0] = [_normalise(environment.get_template("sections/header.md.j2").render(view=header))]
        document = _fit(analysis, sections, rendered, budget)
    return document


def _fit(analysis: Analysis, sections, rendered: list[list[str]], budget: int) -> MapDocument:
    frame = f"{BLOCK_BEGIN}\n{BLOCK_END}"
    primary = {i: s.primary for i, s in enumerate(sections) if i < PROTECTED_SECTIONS}
    weights = {i: s.weight for i, s in enumerate(sections)}
    reserve = {i: FILE_SECTION_SHARES[s.name] for i, s in enumerate(sections) if s.name in FILE_SECTION_SHARES}
    # Example programs get what is left only once every project file is named.
    complete_first = tuple(i for i, s in enumerate(sections) if s.name == "roles")
    deferred = {i: s.deferred for i, s in enumerate(sections) if s.deferred}
    target = budget
    for _ in range(FIT_ATTEMPTS):
        fitted = fit_sections(rendered, target, TokenCounter().count, frame, protected=PROTECTED_SECTIONS,
                              primary=primary, weights=weights, reserve=reserve, complete_first=complete_first,
                              deferred=deferred)
        choices = list(fitted.choices)
        block = _joined(rendered, choices)
        tokens = count_tokens(block)
        if tokens <= budget:
            break
        # Joined, the sections cost a few tokens more than counted one by one (the
        # blank lines between them): fit again to a budget that much smaller, rather
        # than drop a whole section for it (catch2's Key modules, for 4 tokens).
        target = min(target - 1, budget - (tokens - fitted.tokens))
    while tokens > budget:
        # Still over after every attempt: drop sections from the bottom.
        last = max((i for i, c in enumerate(choices) if c is not None and i > 0), default=None)
        if last is None:
            raise BudgetError(f"budget of {budget} tokens is too small for this repository's header")
        choices[last] = None
        block = _joined(rendered, choices)
        tokens = count_tokens(block)
    return MapDocument(block, tokens, _left_out(analysis, sections, choices), _named(sections, choices))


def _joined(rendered: list[list[str]], choices: list[int | None]) -> str:
    parts = [rendered[i][c] for i, c in enumerate(choices) if c is not None and rendered[i][c]]
    return f"{BLOCK_BEGIN}\n" + "\n".join(parts) + BLOCK_END


def _left_out(analysis: Analysis, sections, choices: list[int | None]) -> frozenset[str]:
    for section, choice in zip(sections, choices):
        if section.name == "roles":
            return left_out_files(analysis, section.variants[choice] if choice is not None else None)
    return left_out_files(analysis, None)


def _named(sections, choices: list[int | None]) -> frozenset[str]:
    """The files the role listing and Example programs name."""
    named: set[str] = set()
    for section, choice in zip(sections, choices):
        if choice is None:
            continue
        view = section.variants[choice]
        if section.name == "roles":
            named |= view.named_paths
        elif section.name == "example_files":
            named.update(path for group in view.groups for path in group.paths)
    return frozenset(named)
