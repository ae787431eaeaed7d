#!/usr/bin/env bash
# Runs the whole test suite (jest and the browser tests, as `npm test` does) under another Node.js major, e.g.
#   bash scripts/test-on-node.sh 22
# The Node binary comes from the npm registry's `node@<major>` package, installed once into
# a cache folder. The project's node_modules are reused: its native modules use Node-API,
# which is the same on every supported major.
set -euo pipefail
major="${1:?usage: scripts/test-on-node.sh <node major, e.g. 22>}"
shift
cd "$(dirname "$0")/.."
cache="${PSAR_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/psar}/node${major}"
if [ ! -x "$cache/node_modules/node/bin/node" ]; then
  mkdir -p "$cache"
  echo "test-on-node: installing node@${major} into $cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@${major}" >/dev/null
fi
export PATH="$cache/node_modules/node/bin:$PATH"
echo "test-on-node: $(node --version)"
node node_modules/.bin/jest "$@"
# The browser tests too: their server runs on this Node.
exec node scripts/test-web.mjs
