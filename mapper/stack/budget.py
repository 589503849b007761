"""``claude-map . --budget auto``: the map budget from the running server's context and the client's footprint.

Asks the server for its context (llama-server's /props, else /v1/models' meta), and, when CLAUDE.md exists and the
server counts tokens, for the ratio between its tokenizer and claude-map's estimate. Falls back to the default
budget (the repository's settings, else the default), with a notice, when no server answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mapper.stack.checks import ClientEnv, parse_props, server_root
from mapper.stack.data import StackData
from mapper.stack.doctor import COUNT_TOKENS_PATH, DEFAULT_URL
from mapper.stack.http import HttpReply, ServerClient

__all__ = ["AutoBudget", "auto_budget", "server_context"]

_PROBE_TIMEOUT = 5.0
# Tokenizer ratios outside this range mean the count went wrong, not that the tokenizer is that different.
_RATIO_RANGE = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class AutoBudget:
    budget: int | None  # None: no server answered; the settings' budget or the default applies
    notice: str  # one line for stderr


def auto_budget(server_url: str | None, env: ClientEnv, claude_md: str | None, data: StackData,
                six_tools: bool = False, client_factory: Callable[..., ServerClient] = ServerClient) -> AutoBudget:
    url = server_root(server_url or env.get("ANTHROPIC_BASE_URL") or DEFAULT_URL)
    client = client_factory(url, env.request_headers(), _PROBE_TIMEOUT)
    context = server_context(client)
    if context is None:
        return AutoBudget(None, f"--budget auto: no server context at {url}; the settings' budget or the default applies")
    footprint = data.client.footprint(six_tools)
    cap = env.get_int("CLAUDE_CODE_MAX_OUTPUT_TOKENS") or data.client.recommended_output_cap(context)
    budget = data.budget.map_budget(context, footprint, cap)
    ratio = _tokenizer_ratio(client, env.model or "local", claude_md)
    if ratio is not None:
        calibrated = int(budget / ratio)
        budget = max(calibrated - calibrated % data.budget.round_to, data.budget.minimum)
    scaled = f", x{1 / ratio:.2f} for the server's tokenizer" if ratio is not None else ""
    return AutoBudget(budget, f"--budget auto: {budget} tokens from {url} (context {context} - client prompt "
                              f"~{footprint} - output cap {cap}, share {data.budget.map_share}{scaled})")


def server_context(client: ServerClient) -> int | None:
    """The context one session gets: /props (llama-server), else /v1/models data[0].meta.n_ctx."""
    props = parse_props(client.get("/props"))
    if props is not None:
        return props.n_ctx
    body = client.get("/v1/models").json()
    models = body.get("data") if isinstance(body, dict) else None
    meta = models[0].get("meta") if isinstance(models, list) and models and isinstance(models[0], dict) else None
    n_ctx = meta.get("n_ctx") if isinstance(meta, dict) else None
    return n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None


def _tokenizer_ratio(client: ServerClient, model: str, claude_md: str | None) -> float | None:
    """Server tokens per estimated token, measured on the current CLAUDE.md."""
    from mapper.render.tokens import count_tokens

    if not claude_md or not claude_md.strip():
        return None

    def count(content: str) -> int | None:
        message = {"role": "user", "content": content}
        reply: HttpReply = client.post(COUNT_TOKENS_PATH, {"model": model, "messages": [message]})
        body = reply.json()
        value = body.get("input_tokens") if reply.status == 200 and isinstance(body, dict) else None
        return value if isinstance(value, int) else None

    with_text, without = count(claude_md), count(".")
    estimate = count_tokens(claude_md)
    if with_text is None or without is None or estimate <= 0:
        return None
    ratio = (with_text - without) / estimate
    return ratio if _RATIO_RANGE[0] <= ratio <= _RATIO_RANGE[1] else None
