"""The doctor's checks: pure functions over server replies, the client's environment and CLAUDE.md.

Each returns ``Finding``s (pass / warn / fail / skip, with the fix). Order and wording follow STACK_FACTS.md's
"What a doctor should check"; the facts they rest on live in data.toml.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from mapper.stack.data import StackData
from mapper.stack.http import HttpReply

__all__ = [
    "PASS", "WARN", "FAIL", "SKIP", "Finding", "ClientEnv", "ShadowedVariable", "ServerProps", "ServerReplies", "ClaudeMdCost",
    "parse_props", "check_base_url", "check_reachable", "check_health", "check_token", "check_props",
    "check_models", "check_count_tokens", "check_message", "check_streaming", "check_tool_call",
    "lint_environment", "check_claude_md", "claude_md_tokens", "is_loopback_url", "server_root",
]

PASS, WARN, FAIL, SKIP = "pass", "warn", "fail", "skip"
# Claude Code sends this max_tokens when CLAUDE_CODE_MAX_OUTPUT_TOKENS is unset (recorded on loopback).
CLIENT_DEFAULT_OUTPUT_CAP = 32000
_REQUIRED_STREAM_EVENTS = ("message_start", "message_stop")
_HOST_FLAG = re.compile(r"--host[ =]([^\s'\"]+)")


@dataclass(frozen=True, slots=True)
class Finding:
    check: str  # stable id: stack.base_url, stack.props.context, ...
    status: str
    message: str
    fix: str = ""


@dataclass(frozen=True, slots=True)
class ShadowedVariable:
    """A shell variable that a settings file's ``env`` replaces (the settings value wins: verified with 2.1.332)."""

    name: str
    shell_value: str
    settings_value: str
    settings_file: str


@dataclass(frozen=True, slots=True)
class ClientEnv:
    """The variables Claude Code would see: the process environment overlaid with the settings files' env."""

    values: tuple[tuple[str, str], ...]
    shadowed: tuple[ShadowedVariable, ...] = ()

    def get(self, name: str) -> str | None:
        return dict(self.values).get(name)

    def get_int(self, name: str) -> int | None:
        value = self.get(name)
        return int(value) if value is not None and value.strip().isdigit() else None

    @property
    def model(self) -> str | None:
        return self.get("ANTHROPIC_MODEL")

    @property
    def max_context(self) -> int | None:
        return self.get_int("CLAUDE_CODE_MAX_CONTEXT_TOKENS")

    @property
    def output_cap(self) -> int:
        return self.get_int("CLAUDE_CODE_MAX_OUTPUT_TOKENS") or CLIENT_DEFAULT_OUTPUT_CAP

    def request_headers(self) -> tuple[tuple[str, str], ...]:
        """Authentication the client sends: the bearer token, else the API key."""
        token, key = self.get("ANTHROPIC_AUTH_TOKEN"), self.get("ANTHROPIC_API_KEY")
        auth = (("authorization", f"Bearer {token}"),) if token else (("x-api-key", key),) if key else ()
        return (("anthropic-version", "2023-06-01"), *auth)


@dataclass(frozen=True, slots=True)
class ServerProps:
    """What llama-server's /props says about itself."""

    n_ctx: int  # per slot
    slots: int
    alias: str
    supports_tools: bool | None
    build: str


@dataclass(frozen=True, slots=True)
class ServerReplies:
    """Every probe's reply, in the doctor's order."""

    health: HttpReply
    props: HttpReply
    models: HttpReply
    count_tokens: HttpReply
    message: HttpReply
    stream: HttpReply
    tool_call: HttpReply


@dataclass(frozen=True, slots=True)
class ClaudeMdCost:
    path: str
    chars: int
    tokens: int
    counted_by_server: bool  # False: claude-map's own estimate


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_root(url: str) -> str:
    """The URL without a trailing /v1 (what ANTHROPIC_BASE_URL should have been)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    while path.endswith("/v1"):
        path = path.removesuffix("/v1").rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}"


def check_base_url(url: str) -> Finding:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Finding("stack.base_url", FAIL, f"{url!r} is not an http URL",
                       "set ANTHROPIC_BASE_URL to the server root, e.g. http://127.0.0.1:8080")
    path = parts.path.rstrip("/")
    if "/v1/" in path + "/":
        root = f"{parts.scheme}://{parts.netloc}"
        return Finding("stack.base_url", FAIL,
                       f"{url} ends in a /v1 path: Claude Code appends /v1/messages itself and would call "
                       f"{path}/v1/messages (404)", f"set ANTHROPIC_BASE_URL={root}")
    if not is_loopback_url(url):
        return Finding("stack.base_url", WARN, f"{url} is not on this machine: prompts and code leave it",
                       "run the server with --host 127.0.0.1 and use http://127.0.0.1:PORT")
    return Finding("stack.base_url", PASS, f"{url} is a server root on this machine")


def check_reachable(url: str, health: HttpReply) -> Finding:
    if health.answered:
        return Finding("stack.reachable", PASS, f"{url} answers")
    return Finding("stack.reachable", FAIL, f"nothing answers at {url} ({health.error})",
                   "start the server (.claude/local-stack/start.sh, or the llama-server line from `claude-map stack init`)")


def check_health(health: HttpReply, is_llama_server: bool) -> Finding:
    body = health.json()
    if health.status == 200 and isinstance(body, dict) and body.get("status") == "ok":
        return Finding("stack.health", PASS, "/health: ok")
    if health.status == 503:
        return Finding("stack.health", FAIL, "/health: 503, the model is still loading", "wait and rerun the doctor")
    if not is_llama_server:
        if health.status == 200:
            return Finding("stack.health", PASS, "/health: HTTP 200")
        return Finding("stack.health", SKIP, f"/health: HTTP {health.status} (a bridge need not have it)")
    return Finding("stack.health", FAIL, f"/health: HTTP {health.status}", "check the server log")


def check_token(replies: ServerReplies, env: ClientEnv) -> Finding:
    rejected = [r for r in (replies.props, replies.models, replies.message) if r.status in (401, 403)]
    sent = "ANTHROPIC_AUTH_TOKEN" if env.get("ANTHROPIC_AUTH_TOKEN") else "ANTHROPIC_API_KEY"
    if rejected:
        return Finding("stack.token", FAIL, f"the server rejected {sent} (HTTP {rejected[0].status})",
                       "set ANTHROPIC_AUTH_TOKEN to the server's --api-key (or the bridge's key)")
    if not env.get("ANTHROPIC_AUTH_TOKEN") and not env.get("ANTHROPIC_API_KEY"):
        return Finding("stack.token", FAIL, "no ANTHROPIC_AUTH_TOKEN: claude -p prints 'Not logged in' and exits 1",
                       "set ANTHROPIC_AUTH_TOKEN (any value unless the server has --api-key)")
    return Finding("stack.token", PASS, f"{sent} accepted")


def parse_props(props: HttpReply) -> ServerProps | None:
    body = props.json()
    if props.status != 200 or not isinstance(body, dict):
        return None
    settings = body.get("default_generation_settings")
    if not isinstance(settings, dict) or not isinstance(settings.get("n_ctx"), int):
        return None
    caps = body.get("chat_template_caps")
    tools = caps.get("supports_tool_calls") if isinstance(caps, dict) else None
    return ServerProps(n_ctx=settings["n_ctx"], slots=_int(body.get("total_slots"), 1),
                       alias=str(body.get("model_alias") or ""), supports_tools=tools if isinstance(tools, bool) else None,
                       build=str(body.get("build_info") or "unknown"))


def check_props(props: HttpReply, server: ServerProps | None, env: ClientEnv) -> tuple[Finding, ...]:
    if props.status in (401, 403):
        return (Finding("stack.props", SKIP, "/props: needs a valid token"),)
    if server is None:
        return (Finding("stack.props", SKIP, f"/props: HTTP {props.status}, not llama-server (a bridge?): "
                        "context and alias are checked from the environment and /v1/models only"),)
    return (_check_context(server, env), _check_slots(server), _check_alias(server, env),
            _check_tool_support(server), Finding("stack.props.build", PASS, f"llama.cpp build {server.build}"))


def _check_context(server: ServerProps, env: ClientEnv) -> Finding:
    claimed = env.max_context
    if claimed is None:
        return Finding("stack.props.context", FAIL,
                       f"server context {server.n_ctx} but CLAUDE_CODE_MAX_CONTEXT_TOKENS is unset: the client assumes "
                       "1M tokens, never compacts, and the server eventually rejects the prompt",
                       f"set CLAUDE_CODE_MAX_CONTEXT_TOKENS={server.n_ctx}")
    if claimed > server.n_ctx:
        return Finding("stack.props.context", FAIL,
                       f"CLAUDE_CODE_MAX_CONTEXT_TOKENS={claimed} but the server's context is {server.n_ctx}: prompts "
                       "past it get HTTP 400 exceed_context_size_error",
                       f"set CLAUDE_CODE_MAX_CONTEXT_TOKENS={server.n_ctx}, or restart llama-server with -c {claimed} "
                       "(the GGUF's training context must be at least that)")
    if claimed < server.n_ctx:
        return Finding("stack.props.context", WARN,
                       f"CLAUDE_CODE_MAX_CONTEXT_TOKENS={claimed} is below the server's context {server.n_ctx}: "
                       "the client compacts early", f"set CLAUDE_CODE_MAX_CONTEXT_TOKENS={server.n_ctx}")
    return Finding("stack.props.context", PASS, f"context {server.n_ctx} = CLAUDE_CODE_MAX_CONTEXT_TOKENS")


def _check_slots(server: ServerProps) -> Finding:
    if server.slots > 1:
        return Finding("stack.props.slots", WARN,
                       f"{server.slots} slots share the KV cache: each gets {server.n_ctx} tokens",
                       "restart llama-server with -np 1 to give one Claude Code session the whole context")
    return Finding("stack.props.slots", PASS, "one slot: the session has the whole context")


def _check_alias(server: ServerProps, env: ClientEnv) -> Finding:
    model = env.model
    if not model:
        return Finding("stack.props.alias", FAIL, "ANTHROPIC_MODEL is unset: the client asks for a Claude model name",
                       f"set ANTHROPIC_MODEL={server.alias} and ANTHROPIC_DEFAULT_HAIKU_MODEL={server.alias}")
    if model != server.alias:
        return Finding("stack.props.alias", FAIL, f"ANTHROPIC_MODEL={model} but the server's alias is {server.alias!r}",
                       f"set ANTHROPIC_MODEL={server.alias}, or restart llama-server with --alias {model}")
    haiku = env.get("ANTHROPIC_DEFAULT_HAIKU_MODEL") or env.get("ANTHROPIC_SMALL_FAST_MODEL")
    if haiku != server.alias:
        return Finding("stack.props.alias", WARN,
                       f"ANTHROPIC_DEFAULT_HAIKU_MODEL is {haiku or 'unset'}: background calls ask for another model",
                       f"set ANTHROPIC_DEFAULT_HAIKU_MODEL={server.alias}")
    return Finding("stack.props.alias", PASS, f"model {model} = the server's alias")


def _check_tool_support(server: ServerProps) -> Finding:
    if server.supports_tools is False:
        return Finding("stack.props.tools", FAIL, "the chat template does not support tool calls",
                       "run llama-server with --jinja and a model whose chat template has tools")
    if server.supports_tools is None:
        return Finding("stack.props.tools", WARN, "/props does not say whether the template supports tool calls")
    return Finding("stack.props.tools", PASS, "the chat template supports tool calls")


def check_models(models: HttpReply, env: ClientEnv, server: ServerProps | None) -> Finding:
    if models.status in (401, 403):
        return Finding("stack.models", SKIP, "/v1/models: needs a valid token")
    body = models.json()
    data = body.get("data") if isinstance(body, dict) else None
    if models.status != 200 or not isinstance(data, list):
        if server is None and models.status == 404:
            return Finding("stack.models", SKIP, "/v1/models: HTTP 404 (a bridge need not have it)")
        return Finding("stack.models", WARN, f"/v1/models: HTTP {models.status}")
    ids = sorted(str(item.get("id")) for item in data if isinstance(item, dict))
    if server is None and env.model and ids and env.model not in ids:
        return Finding("stack.models", FAIL, f"ANTHROPIC_MODEL={env.model} is not among the served models {ids}",
                       f"set ANTHROPIC_MODEL to one of {', '.join(ids)}")
    return Finding("stack.models", PASS, f"/v1/models: {', '.join(ids) or 'none listed'}")


def check_count_tokens(reply: HttpReply) -> Finding:
    body = reply.json()
    if reply.status == 200 and isinstance(body, dict) and isinstance(body.get("input_tokens"), int):
        return Finding("stack.count_tokens", PASS, "/v1/messages/count_tokens answers")
    if reply.status in (401, 403):
        return Finding("stack.count_tokens", SKIP, "count_tokens: needs a valid token")
    return Finding("stack.count_tokens", WARN, f"count_tokens: HTTP {reply.status}: CLAUDE.md's cost below is "
                   "claude-map's estimate, which differs from the model's tokenizer")


def check_message(reply: HttpReply) -> Finding:
    body = reply.json()
    if reply.status == 200 and isinstance(body, dict) and body.get("type") == "message":
        return Finding("stack.messages", PASS, "POST /v1/messages returns a message")
    return _message_failure("stack.messages", "POST /v1/messages", reply)


def check_streaming(reply: HttpReply) -> Finding:
    if reply.status == 200 and all(event in reply.events for event in _REQUIRED_STREAM_EVENTS):
        return Finding("stack.streaming", PASS, f"streaming /v1/messages: {len(reply.events)} events, "
                       "message_start to message_stop")
    if reply.status == 200:
        return Finding("stack.streaming", FAIL, "streaming reply lacks message_start/message_stop events "
                       "(Claude Code always streams)", "use llama.cpp b7187 or later, or a bridge that streams")
    return _message_failure("stack.streaming", "streaming /v1/messages", reply)


def _message_failure(check: str, what: str, reply: HttpReply) -> Finding:
    body = reply.json()
    error = body.get("error") if isinstance(body, dict) else None
    kind = error.get("type") if isinstance(error, dict) else None
    if reply.status in (401, 403):
        return Finding(check, SKIP, f"{what}: needs a valid token")
    if kind == "exceed_context_size_error":
        return Finding(check, FAIL, f"{what}: the prompt exceeds the server's context ({error.get('n_ctx')})",
                       "raise llama-server's -c (the GGUF's training context must be at least that)")
    if reply.status == 404:
        return Finding(check, FAIL, f"{what}: 404, the server has no Anthropic Messages API",
                       "use llama.cpp b7187 or later (no --api-type flag needed), or a bridge")
    message = error.get("message") if isinstance(error, dict) else reply.error or reply.body[:200]
    return Finding(check, FAIL, f"{what}: HTTP {reply.status}: {message}", "check the server log")


def check_tool_call(reply: HttpReply) -> Finding:
    body = reply.json()
    if reply.status == 200 and isinstance(body, dict):
        kinds = [block.get("type") for block in body.get("content") or [] if isinstance(block, dict)]
        if "tool_use" in kinds:
            return Finding("stack.tool_call", PASS, "the model answered the probe with a tool call")
        return Finding("stack.tool_call", WARN, "the model answered the tool probe with text instead of a tool call",
                       "Claude Code works through tool calls: use an instruction-tuned model with tool support")
    if "--jinja" in reply.body:
        return Finding("stack.tool_call", FAIL, "tools are refused: the server runs without --jinja",
                       "restart llama-server with --jinja")
    return _message_failure("stack.tool_call", "tool-call probe", reply)


def lint_environment(env: ClientEnv, recipe_texts: tuple[tuple[str, str], ...], n_ctx: int | None,
                     data: StackData) -> tuple[Finding, ...]:
    """Variables and flags that do not exist, a missing context variable, the output cap, the credentials."""
    findings = [*_nonexistent_names(env, recipe_texts, data), *_exposed_servers(recipe_texts), *_shadowed(env)]
    if env.max_context is None:
        findings.append(Finding("stack.env.context", FAIL, "CLAUDE_CODE_MAX_CONTEXT_TOKENS is unset: the client "
                                "assumes 1M tokens for an unknown model and never compacts",
                                f"set CLAUDE_CODE_MAX_CONTEXT_TOKENS={n_ctx or 'the server context (-c)'}"))
    context = n_ctx or env.max_context
    if context:
        findings.append(_check_output_cap(env, context, data))
    if env.get("ANTHROPIC_API_KEY") and not env.get("ANTHROPIC_AUTH_TOKEN"):
        findings.append(Finding("stack.env.credentials", WARN, "ANTHROPIC_API_KEY (x-api-key) makes interactive "
                                "claude ask 'use this API key?' with No as the default",
                                "use ANTHROPIC_AUTH_TOKEN instead"))
    if not any(f.status != PASS for f in findings):
        findings.append(Finding("stack.env", PASS, "environment: every variable exists, context and cap set"))
    return tuple(findings)


def _nonexistent_names(env: ClientEnv, recipe_texts: tuple[tuple[str, str], ...], data: StackData):
    names = dict(env.values)
    for name, why in data.client.nonexistent_variables:
        if name in names:
            yield Finding("stack.env.nonexistent", FAIL, f"{name} is set: {why}", f"unset {name}")
    for path, text in recipe_texts:
        for name, why in (*data.client.nonexistent_variables, *data.server.nonexistent_flags):
            if name in text:
                yield Finding("stack.env.nonexistent", FAIL, f"{path} uses {name}: {why}",
                              f"remove {name} from {path} (claude-map stack init writes a correct recipe)")


def _shadowed(env: ClientEnv):
    for item in env.shadowed:
        yield Finding("stack.env.shadowed", WARN, f"{item.name}={item.shell_value} in your shell is replaced by "
                      f"{item.settings_value} from {item.settings_file} (Claude Code applies the settings value)",
                      f"unset {item.name} in the shell, or change it in {item.settings_file}")


def _exposed_servers(recipe_texts: tuple[tuple[str, str], ...]):
    for path, text in recipe_texts:
        for host in sorted(set(_HOST_FLAG.findall(text))):
            if not is_loopback_url(f"http://{host}"):
                yield Finding("stack.env.host", WARN, f"{path} binds a server to {host}: it is reachable from "
                              "other machines", f"use --host 127.0.0.1 in {path}")


def _check_output_cap(env: ClientEnv, context: int, data: StackData) -> Finding:
    cap, limit = env.output_cap, context // data.client.output_cap_warn_divisor
    recommended = data.client.recommended_output_cap(context)
    if cap > limit:
        unset = " (unset: the client sends 32000)" if env.get("CLAUDE_CODE_MAX_OUTPUT_TOKENS") is None else ""
        return Finding("stack.env.output_cap", WARN, f"output cap {cap}{unset} is above context/"
                       f"{data.client.output_cap_warn_divisor} ({limit}): the client compacts almost every turn",
                       f"set CLAUDE_CODE_MAX_OUTPUT_TOKENS={recommended}")
    return Finding("stack.env.output_cap", PASS, f"output cap {cap} (context {context})")


def claude_md_tokens(with_text: HttpReply, without_text: HttpReply) -> int | None:
    """CLAUDE.md's cost by the server's tokenizer: the difference between two count_tokens replies."""
    counts = [r.json().get("input_tokens") if r.status == 200 and isinstance(r.json(), dict) else None
              for r in (with_text, without_text)]
    if not all(isinstance(c, int) for c in counts):
        return None
    return max(counts[0] - counts[1], 0)


def check_claude_md(cost: ClaudeMdCost | None, context: int | None, footprint: int, output_cap: int,
                    data: StackData) -> tuple[Finding, ...]:
    if context is None:
        return (Finding("stack.claude_md", SKIP, "no context known (no /props, no CLAUDE_CODE_MAX_CONTEXT_TOKENS)"),)
    room = data.budget.room(context, footprint, output_cap)
    budget = data.budget.map_budget(context, footprint, output_cap)
    where = f"context {context} - client prompt ~{footprint} - output cap {output_cap} = {room} tokens left"
    if cost is None:
        return (Finding("stack.claude_md", WARN, f"no CLAUDE.md; {where}", f"run claude-map . --budget {budget}"),)
    how = "counted by the server" if cost.counted_by_server else "claude-map's estimate"
    findings = []
    if cost.chars > data.client.claude_md_warn_chars:
        findings.append(Finding("stack.claude_md.chars", WARN, f"{cost.path} has {cost.chars} characters: Claude "
                                f"Code warns above {data.client.claude_md_warn_chars}"))
    summary = f"{cost.path} costs {cost.tokens} tokens ({how}); {where}"
    if cost.tokens > room:
        findings.append(Finding("stack.claude_md", FAIL, f"{summary}: it does not fit",
                                f"claude-map . --budget auto (or --budget {budget})"))
    elif cost.tokens > budget:
        findings.append(Finding("stack.claude_md", WARN, f"{summary}: it fits, but leaves {room - cost.tokens} "
                                f"for files and turns (recommended map size {budget})",
                                f"claude-map . --budget auto (or --budget {budget})"))
    else:
        findings.append(Finding("stack.claude_md", PASS, f"{summary}: it fits (recommended at most {budget})"))
    return tuple(findings)


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) else default
