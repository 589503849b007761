"""The stack's one table (data.toml) as frozen dataclasses: profiles, bridges, variables, flags, versions."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "Versions", "ClientFacts", "BudgetRule", "ServerFacts", "Profile", "Bridge", "StackData", "load_stack_data",
]


@dataclass(frozen=True, slots=True)
class Versions:
    checked_on: str
    claude_code: str
    claude_code_node: str
    llama_cpp_messages_api: str
    llama_cpp_flags: str


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """What Claude Code costs and reads: prompt footprints, output-cap rules, the variables that exist."""

    footprint_default: int
    footprint_six_tools: int
    six_tools: str
    claude_md_warn_chars: int
    output_cap_divisor: int
    output_cap_warn_divisor: int
    auth_token: str
    install: str
    variables: tuple[tuple[str, str], ...]  # (name, meaning), every one exists in the checked version
    nonexistent_variables: tuple[tuple[str, str], ...]  # (name, why and what to use instead)

    def footprint(self, six_tools: bool) -> int:
        return self.footprint_six_tools if six_tools else self.footprint_default

    def recommended_output_cap(self, context: int) -> int:
        return context // self.output_cap_divisor

    def variable_exists(self, name: str) -> bool:
        return any(known == name for known, _ in self.variables)


@dataclass(frozen=True, slots=True)
class BudgetRule:
    """How much of the context the map may take: a share of what the client's prompt and output cap leave."""

    map_share: float
    round_to: int
    minimum: int
    maximum: int

    def room(self, context: int, footprint: int, output_cap: int) -> int:
        """Tokens left for CLAUDE.md, files and turns."""
        return max(context - footprint - output_cap, 0)

    def map_budget(self, context: int, footprint: int, output_cap: int) -> int:
        share = int(self.room(context, footprint, output_cap) * self.map_share)
        rounded = share - share % self.round_to
        return min(max(rounded, self.minimum), self.maximum)


@dataclass(frozen=True, slots=True)
class ServerFacts:
    binary: str
    default_port: int
    host: str
    flags: tuple[str, ...]
    nonexistent_flags: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title: str
    model_repo: str  # empty: the user passes --model
    model_quant: str
    model_file: str
    model_gb: float
    alias: str
    context: int
    gpu_layers: str  # empty: flag left out (CPU)
    flash_attn: str
    kv_type: str
    cpu_moe_layers: int
    six_tools: bool  # run claude with the six-tool set by default (small contexts)
    ollama_tag: str  # empty: no tag was checked for this model
    memory: str
    assumptions: tuple[str, ...]
    speed: str


@dataclass(frozen=True, slots=True)
class Bridge:
    name: str
    title: str
    port: int
    token: str
    direct: bool  # Claude Code talks to the model server itself, not to a process in between
    checked: str  # how this bridge was run for real; empty: only its configuration follows the project's docs
    install: str
    start: str  # may hold {config}, {context}, {model}
    has_props: bool
    replaces_server: bool
    config_template: str
    config_file: str
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StackData:
    versions: Versions
    client: ClientFacts
    budget: BudgetRule
    server: ServerFacts
    profiles: tuple[Profile, ...]
    bridges: tuple[Bridge, ...]

    def profile(self, name: str) -> Profile:
        return next(p for p in self.profiles if p.name == name)

    def bridge(self, name: str) -> Bridge:
        return next(b for b in self.bridges if b.name == name)


@cache
def load_stack_data() -> StackData:
    """The table shipped as mapper/stack/data.toml (read once per process; it never changes at run time)."""
    raw = tomllib.loads(resources.files("mapper.stack").joinpath("data.toml").read_text(encoding="utf-8"))
    nonexistent = raw["nonexistent"]
    return StackData(
        versions=Versions(**raw["versions"]),
        client=ClientFacts(
            **raw["client"],
            variables=tuple(raw["variables"].items()),
            nonexistent_variables=tuple(nonexistent["variables"].items()),
        ),
        budget=BudgetRule(**raw["budget"]),
        server=ServerFacts(
            **{**raw["server"], "flags": tuple(raw["server"]["flags"])},
            nonexistent_flags=tuple(nonexistent["flags"].items()),
        ),
        profiles=tuple(Profile(**{**p, "assumptions": tuple(p["assumptions"])}) for p in raw["profile"]),
        bridges=tuple(Bridge(**{**b, "notes": tuple(b["notes"])}) for b in raw["bridge"]),
    )
