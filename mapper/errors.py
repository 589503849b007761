"""The one error family the command line turns into a one-line message and exit 2."""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """Something about the input (path, file, markers, budget) that the user can fix."""
