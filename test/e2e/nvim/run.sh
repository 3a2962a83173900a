#!/usr/bin/env bash
# Headless Neovim (Debian's neovim 0.7 or newer) drives the podsec language server over stdio:
# diagnostics, hover, a quick fix and fix-all through textDocument/codeAction. The server is the
# npm package's `podsec-language-server`, packed from this checkout (scripts/pack.mjs) and
# installed offline into a temporary prefix, started as the README's Neovim snippets start it.
# Usage: test/e2e/nvim/run.sh            (npm run test:nvim)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

if ! command -v nvim >/dev/null; then
  echo "nvim not found: install Neovim (Debian: apt-get install -y neovim)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node "$root/scripts/pack.mjs" --out "$tmp/dist" >/dev/null
version=$(node -p 'require(process.argv[1]).version' "$root/package.json")
: > "$tmp/npmrc"
npm_config_userconfig="$tmp/npmrc" npm install --global "$tmp/dist/podsec-$version.tgz" --prefix "$tmp/prefix" \
  --offline --registry=http://127.0.0.1:9/ --cache "$tmp/npm-cache" --no-audit --no-fund --no-update-notifier --loglevel=error
export PATH="$tmp/prefix/bin:$PATH"
command -v podsec-language-server >/dev/null
cp "$here/pod.yaml" "$tmp/pod.yaml"
# a clean, private Neovim: no user config, plugins, shada or swap files
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"
SERVER_CMD=podsec-language-server YAML_FILE="$tmp/pod.yaml" EXPECTED_FILE="$here/pod.fixed.yaml" \
  timeout 120 nvim --headless --clean -n -i NONE -c "luafile $here/podsec-nvim.lua"
