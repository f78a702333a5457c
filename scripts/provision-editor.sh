#!/usr/bin/env bash
# Provision the editor the editor/UI tests and `npm start` run in:
#   code-server (VS Code 1.100.3) in .cache/code-server, Debian's Chromium for playwright-core.
# Idempotent: returns in well under a second when everything is present.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
CS_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE="$here/.cache"
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"

need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] || need_pkgs+=(libkrb5-dev)
command -v tar >/dev/null 2>&1 || need_pkgs+=(tar)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "[provision] installing Debian packages: ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

if [ -f "$CS_DIR/.complete" ] && [ -f "$CS_BIN" ]; then
  echo "[provision] code-server $CS_VERSION present in $CS_DIR"
  exit 0
fi

echo "[provision] installing code-server $CS_VERSION into $CS_DIR (about 2 minutes)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
# 1. @vscode/ripgrep downloads rg from GitHub: pre-seed its cache with Debian's rg.
tmpd="${TMPDIR:-/tmp}"
rgcache="$tmpd/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rgcache"
stage="$(mktemp -d)"
cp "$(command -v rg)" "$stage/rg"
for v in v13.0.0-10 v13.0.0-13 v14.1.1-1; do
  tar -czf "$rgcache/ripgrep-$v-x86_64-unknown-linux-musl.tar.gz" -C "$stage" rg
done
rm -rf "$stage"
cd "$CS_DIR"
echo '{"name":"code-server-cache","private":true}' > package.json
# 2. node-pty's postinstall calls `npx node-gyp`: answer yes. 3. as root: --unsafe-perm.
npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --dangerously-allow-all-scripts \
  "code-server@$CS_VERSION" >"$CS_DIR/install.log" 2>&1 || {
  echo "[provision] code-server install failed; last lines of $CS_DIR/install.log:"; tail -40 "$CS_DIR/install.log"; exit 1; }
test -f "$CS_BIN" || { echo "[provision] code-server entry missing after install"; exit 1; }
touch "$CS_DIR/.complete"
echo "[provision] code-server $CS_VERSION ready"
