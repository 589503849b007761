"""``claude-map stack doctor``: probe a running server or bridge in STACK_FACTS.md's order and judge the replies.

The probes go through ``ServerClient`` (the one HTTP adapter); the judging is ``checks.py``'s pure functions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mapper.stack.checks import (
    FAIL, PASS, SKIP, WARN, ClaudeMdCost, ClientEnv, Finding, ServerReplies, ShadowedVariable, check_base_url, check_claude_md,
    check_count_tokens, check_health, check_message, check_models, check_props, check_reachable, check_streaming,
    check_token, check_tool_call, claude_md_tokens, lint_environment, parse_props, server_root,
)
from mapper.stack.data import StackData
from mapper.stack.http import HttpReply, ServerClient
from mapper.stack.recipe import RECIPE_DIR

__all__ = ["DoctorReport", "read_client_env", "run_doctor", "format_report", "DEFAULT_URL", "MESSAGES_PATH"]

DEFAULT_URL = "http://127.0.0.1:8080"
# Claude Code 2.1.332 posts here (recorded on loopback).
MESSAGES_PATH = "/v1/messages?beta=true"
COUNT_TOKENS_PATH = "/v1/messages/count_tokens"
SETTINGS_FILES = (".claude/settings.json", ".claude/settings.local.json")  # later files win, as in Claude Code
_CLIENT_PREFIXES = ("ANTHROPIC_", "CLAUDE_CODE_")
_PROBE_TOOL = {
    "name": "get_weather",
    "description": "Current weather for a city.",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


@dataclass(frozen=True, slots=True)
class DoctorReport:
    url: str
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> bool:
        return any(f.status == FAIL for f in self.findings)

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)


def read_client_env(root: Path, process_env: Mapping[str, str], data: StackData) -> ClientEnv:
    """The variables Claude Code would run with in ``root``: the process's, replaced by the settings files' ``env``
    (later files win; a settings value beats the shell's, as Claude Code 2.1.332 does)."""
    known = {name for name, _ in (*data.client.variables, *data.client.nonexistent_variables)}
    shell = {k: v for k, v in process_env.items() if k in known or k.startswith(_CLIENT_PREFIXES)}
    merged, source = dict(shell), {}
    for name in SETTINGS_FILES:
        for key, value in _settings_env(root / name).items():
            merged[key], source[key] = value, name
    shadowed = tuple(ShadowedVariable(key, shell[key], merged[key], source[key])
                     for key in sorted(source) if key in shell and shell[key] != merged[key])
    return ClientEnv(tuple(sorted(merged.items())), shadowed)


def _settings_env(path: Path) -> dict[str, str]:
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    env = settings.get("env") if isinstance(settings, dict) else None
    return {str(k): str(v) for k, v in env.items()} if isinstance(env, dict) else {}


def run_doctor(url: str, env: ClientEnv, root: Path, six_tools: bool, data: StackData,
               client_factory: Callable[..., ServerClient] = ServerClient) -> DoctorReport:
    shape = check_base_url(url)
    root_url = server_root(url)
    client = client_factory(root_url, env.request_headers())
    health = client.get("/health")
    findings = [shape, check_reachable(root_url, health)]
    claude_md = _read_claude_md(root)
    recipe_texts = _recipe_texts(root)
    if not health.answered:
        findings += lint_environment(env, recipe_texts, None, data)
        findings += check_claude_md(_estimated_cost(claude_md), env.max_context, data.client.footprint(six_tools),
                                    env.output_cap, data)
        return DoctorReport(url, tuple(findings))
    model = env.model or "local"
    replies = _probe(client, health, model)
    server = parse_props(replies.props)
    findings += [check_health(health, server is not None), check_token(replies, env)]
    findings += check_props(replies.props, server, env)
    findings += [check_models(replies.models, env, server), check_count_tokens(replies.count_tokens),
                 check_message(replies.message), check_streaming(replies.stream), check_tool_call(replies.tool_call)]
    context = server.n_ctx if server else env.max_context
    findings += lint_environment(env, recipe_texts, server.n_ctx if server else None, data)
    cost = _server_cost(client, model, claude_md) or _estimated_cost(claude_md)
    findings += check_claude_md(cost, context, data.client.footprint(six_tools), env.output_cap, data)
    return DoctorReport(url, tuple(findings))


def _probe(client: ServerClient, health: HttpReply, model: str) -> ServerReplies:
    say_ok = [{"role": "user", "content": "Say ok."}]
    ask_tool = [{"role": "user", "content": "What is the weather in Paris? Use the get_weather tool."}]
    return ServerReplies(
        health=health,
        props=client.get("/props"),
        models=client.get("/v1/models"),
        count_tokens=client.post(COUNT_TOKENS_PATH, {"model": model, "messages": say_ok}),
        message=client.post(MESSAGES_PATH, {"model": model, "max_tokens": 16, "messages": say_ok}),
        stream=client.post(MESSAGES_PATH, {"model": model, "max_tokens": 16, "messages": say_ok, "stream": True},
                           stream=True),
        tool_call=client.post(MESSAGES_PATH, {"model": model, "max_tokens": 64, "messages": ask_tool,
                                              "tools": [_PROBE_TOOL], "tool_choice": {"type": "auto"}}),
    )


def _read_claude_md(root: Path) -> tuple[str, str] | None:
    for name in ("CLAUDE.md", "AGENTS.md"):  # Claude Code reads AGENTS.md only when there is no CLAUDE.md
        try:
            return name, (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return None


def _recipe_texts(root: Path) -> tuple[tuple[str, str], ...]:
    folder = root / RECIPE_DIR
    texts = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else ():
        if path.is_file() and path.suffix in (".sh", ".env", ".yaml", ".json"):
            texts.append((f"{RECIPE_DIR}/{path.name}", path.read_text(encoding="utf-8", errors="replace")))
    return tuple(texts)


def _server_cost(client: ServerClient, model: str, claude_md: tuple[str, str] | None) -> ClaudeMdCost | None:
    if claude_md is None:
        return None
    name, text = claude_md

    def count(content: str) -> HttpReply:
        return client.post(COUNT_TOKENS_PATH, {"model": model, "messages": [{"role": "user", "content": content}]})

    tokens = claude_md_tokens(count(text), count("."))
    return None if tokens is None else ClaudeMdCost(name, len(text), tokens, counted_by_server=True)


def _estimated_cost(claude_md: tuple[str, str] | None) -> ClaudeMdCost | None:
    if claude_md is None:
        return None
    from mapper.render.tokens import count_tokens

    name, text = claude_md
    return ClaudeMdCost(name, len(text), count_tokens(text), counted_by_server=False)


def format_report(report: DoctorReport, data: StackData) -> str:
    versions = data.versions
    lines = [f"claude-map stack doctor: {report.url} (facts checked {versions.checked_on} against Claude Code "
             f"{versions.claude_code} and llama.cpp {versions.llama_cpp_flags})"]
    width = max(len(f.check) for f in report.findings)
    for finding in report.findings:
        lines.append(f"{finding.status:<4}  {finding.check:<{width}}  {finding.message}")
        if finding.fix and finding.status in (FAIL, WARN):
            lines.append(f"{'':<4}  {'':<{width}}  fix: {finding.fix}")
    lines.append(f"{report.count(PASS)} pass, {report.count(WARN)} warn, {report.count(FAIL)} fail, "
                 f"{report.count(SKIP)} skipped")
    return "\n".join(lines) + "\n"
