"""claude-map: a structural index of a repository for coding agents, kept in CLAUDE.md."""

__version__ = "0.1.0"
