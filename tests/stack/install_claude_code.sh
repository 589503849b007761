#!/usr/bin/env bash
# Install the pinned Claude Code client (the version in mapper/stack/data.toml) into a cache outside the checkout,
# for the real-client tests. Reuses it when present. About 9 s and 384 MB.
#   usage: tests/stack/install_claude_code.sh [CACHE_ROOT]     (default ~/.cache/claude-map-test)
# Prints the path of the claude binary on its last line; exits 0 without installing when Node < 20 or npm is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=$(sed -n 's/^claude_code = "\(.*\)"/\1/p' "$here/../../mapper/stack/data.toml")
root="${1:-${CLAUDE_MAP_TEST_CACHE:-$HOME/.cache/claude-map-test}}"
dest="$root/claude-code-$version"
if [ -x "$dest/node_modules/.bin/claude" ]; then
    echo "$dest/node_modules/.bin/claude"
    exit 0
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "install_claude_code: no node/npm: the real-client tests will skip" >&2
    exit 0
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
    echo "install_claude_code: Node $major is older than 20: the real-client tests will skip" >&2
    exit 0
fi
mkdir -p "$dest"
(cd "$dest" && npm install --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@$version" >&2)
echo "$dest/node_modules/.bin/claude"
