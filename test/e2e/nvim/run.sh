#!/usr/bin/env bash
# Headless Neovim (Debian's neovim 0.7 or newer) drives the podsec language server over stdio:
# diagnostics, hover, a quick fix and fix-all through textDocument/codeAction.
# Usage: test/e2e/nvim/run.sh            (npm run test:nvim)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

if ! command -v nvim >/dev/null; then
  echo "nvim not found: install Neovim (Debian: apt-get install -y neovim)" >&2
  exit 1
fi
server="$root/server/out/server.js"
[ -f "$server" ] || node "$root/scripts/build.mjs"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/pod.yaml" "$tmp/pod.yaml"
# a clean, private Neovim: no user config, plugins, shada or swap files
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"
SERVER_JS="$server" YAML_FILE="$tmp/pod.yaml" EXPECTED_FILE="$here/pod.fixed.yaml" NODE_BIN="$(command -v node)" \
  timeout 120 nvim --headless --clean -n -i NONE -c "luafile $here/podsec-nvim.lua"
