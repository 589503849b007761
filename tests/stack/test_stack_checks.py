"""The doctor's pure checks over hand-built replies: what the real tiny server cannot produce (a genuine tool_use
reply, a server without --jinja, a bridge without /props), and the edge cases of each rule."""

from __future__ import annotations

import json

import pytest

from mapper.stack.checks import (
    FAIL, PASS, SKIP, WARN, ClaudeMdCost, ClientEnv, check_base_url, check_claude_md, check_models, check_props,
    check_streaming, check_token, check_tool_call, lint_environment, parse_props, server_root, ServerReplies,
)
from mapper.stack.data import load_stack_data
from mapper.stack.http import NO_ANSWER, HttpReply

DATA = load_stack_data()


def _reply(status: int, body: object = None, events: tuple[str, ...] = ()) -> HttpReply:
    return HttpReply(status, body if isinstance(body, str) else json.dumps(body), events=events)


def _env(**values: str) -> ClientEnv:
    return ClientEnv(tuple(sorted(values.items())))


GOOD_ENV = _env(ANTHROPIC_BASE_URL="http://127.0.0.1:8080", ANTHROPIC_AUTH_TOKEN="local", ANTHROPIC_MODEL="tiny",
                ANTHROPIC_DEFAULT_HAIKU_MODEL="tiny", CLAUDE_CODE_MAX_CONTEXT_TOKENS="16384",
                CLAUDE_CODE_MAX_OUTPUT_TOKENS="2048")
PROPS = {"default_generation_settings": {"n_ctx": 16384}, "total_slots": 1, "model_alias": "tiny",
         "chat_template_caps": {"supports_tool_calls": True}, "build_info": "b0-unknown"}


@pytest.mark.parametrize(("url", "status", "fix"), [
    ("http://127.0.0.1:8080", PASS, ""),
    ("http://localhost:8080/", PASS, ""),
    ("http://127.0.0.1:8080/v1", FAIL, "ANTHROPIC_BASE_URL=http://127.0.0.1:8080"),
    ("http://127.0.0.1:8080/v1/", FAIL, "ANTHROPIC_BASE_URL=http://127.0.0.1:8080"),
    ("http://192.168.1.20:8080", WARN, "--host 127.0.0.1"),
    ("127.0.0.1:8080", FAIL, "server root"),
])
def test_base_url_shape(url, status, fix):
    finding = check_base_url(url)
    assert finding.status == status and fix in finding.fix


def test_server_root_drops_v1():
    assert server_root("http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080"
    assert server_root("http://127.0.0.1:4000") == "http://127.0.0.1:4000"


def test_props_pass_and_build_without_git_metadata_is_fine():
    findings = check_props(_reply(200, PROPS), parse_props(_reply(200, PROPS)), GOOD_ENV)
    assert [f.status for f in findings] == [PASS] * 5
    assert "b0-unknown" in findings[-1].message


@pytest.mark.parametrize(("env_change", "props_change", "check", "status", "words"), [
    ({"CLAUDE_CODE_MAX_CONTEXT_TOKENS": None}, {}, "stack.props.context", FAIL, "1M tokens"),
    ({"CLAUDE_CODE_MAX_CONTEXT_TOKENS": "32768"}, {}, "stack.props.context", FAIL, "CLAUDE_CODE_MAX_CONTEXT_TOKENS=16384"),
    ({"CLAUDE_CODE_MAX_CONTEXT_TOKENS": "8192"}, {}, "stack.props.context", WARN, "compacts early"),
    ({"ANTHROPIC_MODEL": "gemma"}, {}, "stack.props.alias", FAIL, "alias is 'tiny'"),
    ({"ANTHROPIC_DEFAULT_HAIKU_MODEL": None}, {}, "stack.props.alias", WARN, "HAIKU"),
    ({}, {"total_slots": 4}, "stack.props.slots", WARN, "-np 1"),
    ({}, {"chat_template_caps": {"supports_tool_calls": False}}, "stack.props.tools", FAIL, "--jinja"),
])
def test_props_failures(env_change, props_change, check, status, words):
    values = {k: v for k, v in {**dict(GOOD_ENV.values), **env_change}.items() if v is not None}
    props = {**PROPS, **props_change}
    findings = {f.check: f for f in check_props(_reply(200, props), parse_props(_reply(200, props)), _env(**values))}
    assert findings[check].status == status
    assert words in findings[check].message + findings[check].fix


def test_a_bridge_without_props_is_checked_through_models():
    bridge_props = _reply(404, "Not Found")
    assert parse_props(bridge_props) is None
    assert check_props(bridge_props, None, GOOD_ENV)[0].status == SKIP
    models = _reply(200, {"data": [{"id": "gemma-4-31b"}]})
    assert check_models(models, GOOD_ENV, None).status == FAIL
    assert check_models(models, _env(ANTHROPIC_MODEL="gemma-4-31b"), None).status == PASS
    assert check_models(_reply(404, "Not Found"), GOOD_ENV, None).status == SKIP


def test_token_rejected_or_missing():
    ok = _reply(200, {})
    rejected = ServerReplies(ok, _reply(401, {"error": {"type": "authentication_error"}}), ok, ok, ok, ok, ok)
    assert check_token(rejected, GOOD_ENV).status == FAIL
    accepted = ServerReplies(ok, ok, ok, ok, ok, ok, ok)
    assert check_token(accepted, GOOD_ENV).status == PASS
    assert "Not logged in" in check_token(accepted, _env(ANTHROPIC_MODEL="x")).message


def test_a_genuine_tool_call_passes():
    # A random model never emits one; this is the reply shape of a model that does (Anthropic Messages API).
    reply = _reply(200, {"type": "message", "role": "assistant", "stop_reason": "tool_use", "content": [
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]})
    assert check_tool_call(reply).status == PASS


def test_tools_refused_without_jinja():
    reply = _reply(500, {"error": {"message": "tools param requires --jinja flag"}})
    finding = check_tool_call(reply)
    assert finding.status == FAIL and "--jinja" in finding.fix


def test_streaming_needs_start_and_stop_events():
    assert check_streaming(_reply(200, "", events=("message_start", "message_delta", "message_stop"))).status == PASS
    assert check_streaming(_reply(200, "data: {}", events=())).status == FAIL
    assert "no Anthropic Messages API" in check_streaming(_reply(404, "")).message


def test_environment_lint():
    bad = _env(CLAUDE_CODE_MAX_TOKENS="32768", ANTHROPIC_API_KEY="k", ANTHROPIC_MODEL="tiny")
    findings = lint_environment(bad, (("start.sh", "llama-server --api-type anthropic --host 0.0.0.0"),), 16384, DATA)
    messages = "\n".join(f"{f.status} {f.message}" for f in findings)
    assert "fail CLAUDE_CODE_MAX_TOKENS is set" in messages
    assert "fail start.sh uses --api-type" in messages
    assert "fail CLAUDE_CODE_MAX_CONTEXT_TOKENS is unset" in messages
    assert "warn output cap 32000 (unset: the client sends 32000)" in messages
    assert "warn ANTHROPIC_API_KEY" in messages
    assert "warn start.sh binds a server to 0.0.0.0" in messages
    good = lint_environment(GOOD_ENV, (), 16384, DATA)
    assert all(f.status == PASS for f in good)


def test_claude_md_fit():
    def status(tokens):
        cost = ClaudeMdCost("CLAUDE.md", tokens * 4, tokens, counted_by_server=True)
        return check_claude_md(cost, 32768, 14000, 4096, DATA)[-1].status

    assert (status(2000), status(5000), status(20000)) == (PASS, WARN, FAIL)
    assert check_claude_md(None, 32768, 14000, 4096, DATA)[0].status == WARN
    assert check_claude_md(None, None, 14000, 4096, DATA)[0].status == SKIP


def test_no_answer_reply():
    reply = HttpReply(NO_ANSWER, "", "connection refused")
    assert not reply.answered and reply.json() is None


def test_health_of_a_bridge():
    from mapper.stack.checks import check_health

    assert check_health(_reply(200, {"healthy_endpoints": []}), is_llama_server=False).status == PASS
    assert check_health(_reply(404, "Not Found"), is_llama_server=False).status == SKIP
    assert check_health(_reply(404, "Not Found"), is_llama_server=True).status == FAIL
    assert check_health(_reply(503, {"error": "loading"}), is_llama_server=True).status == FAIL
