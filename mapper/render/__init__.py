"""Stage 6, budget/render: ``Analysis`` -> the markdown block, within a hard token budget."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import jinja2

from mapper.model import Analysis
from mapper.render.budget import BudgetError, fit_sections
from mapper.render.sanitize import backstop
from mapper.model import BLOCK_BEGIN, BLOCK_END
from mapper.render.tokens import TokenCounter, count_tokens
from mapper.render.views import build_sections

__all__ = ["BLOCK_BEGIN", "BLOCK_END", "MapDocument", "render_map", "render_template", "BudgetError"]

# Header, commands and entry points: shrunk only after every later section.
PROTECTED_SECTIONS = 3


@dataclass(frozen=True)
class MapDocument:
    block: str  # from BLOCK_BEGIN to BLOCK_END inclusive, '\n' line endings, no final newline
    tokens: int


def _environment() -> jinja2.Environment:
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


def render_map(analysis: Analysis, source_paths: tuple[str, ...], budget: int) -> MapDocument:
    environment = _environment()
    sections = build_sections(analysis, source_paths)
    rendered = [
        [_normalise(environment.get_template(f"sections/{s.name}.md.j2").render(view=v)) for v in s.variants]
        for s in sections
    ]
    frame = f"{BLOCK_BEGIN}\n{BLOCK_END}"
    primary = {i: s.primary for i, s in enumerate(sections) if i < PROTECTED_SECTIONS}
    weights = {i: s.weight for i, s in enumerate(sections)}
    fitted = fit_sections(rendered, budget, TokenCounter().count, frame, protected=PROTECTED_SECTIONS,
                          primary=primary, weights=weights)
    choices = list(fitted.choices)
    while True:
        parts = [rendered[i][c] for i, c in enumerate(choices) if c is not None and rendered[i][c]]
        block = f"{BLOCK_BEGIN}\n" + "\n".join(parts) + BLOCK_END
        tokens = count_tokens(block)
        if tokens <= budget:
            return MapDocument(block, tokens)
        # Joining can cost a token or two more than the parts; drop from the bottom.
        last = max((i for i, c in enumerate(choices) if c is not None and i > 0), default=None)
        if last is None:
            raise BudgetError(f"budget of {budget} tokens is too small for this repository's header")
        choices[last] = None
