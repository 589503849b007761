"""The local stack: launch recipes for Claude Code on a local model, a doctor for a running stack, the map budget.

- ``data.toml`` / ``data.py``: the one table (profiles, bridges, variables, flags, client footprint, versions).
- ``recipe.py``: ``stack init`` -- the llama-server command, env file, settings env block, start script, bridge
  configs, rendered from ``templates/stack/``.
- ``checks.py``: pure checks over server replies and the environment (pass / warn / fail with the fix).
- ``http.py``: the one adapter that talks to a server (stdlib http.client).
- ``doctor.py``: runs the probes in order and feeds the checks.
- ``budget.py``: ``--budget auto``, the map budget from the server's context and the client's footprint.
- ``commands.py``: the ``stack`` click group; ``readme.py``: the README section rendered from the same table.

Nothing here is imported by a plain ``claude-map .`` run.
"""
