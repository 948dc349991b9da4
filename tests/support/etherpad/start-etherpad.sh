#!/usr/bin/env bash
# Install (once, cached) and start a throw-away Etherpad-Lite for tests.
#
#   start-etherpad.sh INSTALL_DIR PORT APIKEY [DATA_DIR]
#   start-etherpad.sh --install-only INSTALL_DIR      (install, or check the install, and start nothing)
#
# INSTALL_DIR  where Etherpad is laid out: INSTALL_DIR/src (the npm package + its node_modules),
#              INSTALL_DIR/node_modules/ep_etherpad-lite -> ../src. Reused when already complete.
# PORT         TCP port on $ETHERPAD_IP (default 127.0.0.1).
# APIKEY       the HTTP API key (written to DATA_DIR/APIKEY.txt).
# DATA_DIR     per-instance files (settings.json, APIKEY.txt, SESSIONKEY.txt, dirty.db, etherpad.log,
#              etherpad.pid). Default: INSTALL_DIR/instances/PORT. Wiped? No: the caller decides.
#
# Environment (all optional):
#   ETHERPAD_VERSION    npm version to install (default 1.8.14, the only one on the registry)
#   ETHERPAD_LOCKFILE   package-lock.json to install from with `npm ci` (default: the
#                       ep_etherpad-lite-<version>.package-lock.json next to this script, if any)
#   ETHERPAD_IP         bind address (default 127.0.0.1)
#   ETHERPAD_TLS_CERT / ETHERPAD_TLS_KEY   PEM files: serve https instead of http
#   ETHERPAD_SAMESITE   SameSite of Etherpad's own express_sid cookie (default Lax; None with TLS)
#   ETHERPAD_TIMEOUT    seconds to wait for readiness (default 60)
#
# On success prints one line:  ETHERPAD_READY <base-url> pid=<pid> data=<DATA_DIR>
# and exits 0, leaving Etherpad running in the background (stop it with: kill <pid>; it exits in ~1.5 s).
# Exit codes: 2 usage, 3 install failed (no network? no npm?), 4 did not become ready.
set -euo pipefail

INSTALL_ONLY=0
if [ "${1:-}" = "--install-only" ] && [ $# -eq 2 ]; then
  INSTALL_ONLY=1
  shift
elif [ $# -lt 3 ]; then
  sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
INSTALL_DIR=$(mkdir -p "$1" && cd "$1" && pwd)
PORT=${2:-}
APIKEY=${3:-}

VERSION=${ETHERPAD_VERSION:-1.8.14}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOCKFILE=${ETHERPAD_LOCKFILE:-$HERE/ep_etherpad-lite-$VERSION.package-lock.json}
IP=${ETHERPAD_IP:-127.0.0.1}
TIMEOUT=${ETHERPAD_TIMEOUT:-60}
MARKER=$INSTALL_DIR/.installed-ep_etherpad-lite

log() { echo "start-etherpad: $*" >&2; }

for tool in node npm curl tar; do
  command -v "$tool" >/dev/null || { log "missing '$tool' on PATH"; exit 3; }
done

# ---------------------------------------------------------------- install (cached, one at a time)
install() {
  local tmp; tmp=$(mktemp -d)
  log "installing ep_etherpad-lite@$VERSION into $INSTALL_DIR (takes 1-3 min the first time)"
  local t0=$SECONDS
  (cd "$tmp" && npm pack --silent "ep_etherpad-lite@$VERSION" >/dev/null) || { rm -rf "$tmp"; return 1; }
  rm -rf "$INSTALL_DIR/src" "$INSTALL_DIR/node_modules" "$INSTALL_DIR/var"
  mkdir -p "$INSTALL_DIR/src"
  tar xzf "$tmp"/ep_etherpad-lite-*.tgz -C "$INSTALL_DIR/src" --strip-components=1
  rm -rf "$tmp"
  # The published package.json keeps devDependencies whose peer ranges conflict: npm refuses to
  # resolve the tree even with --omit=dev. They are not needed to run, so drop them.
  node -e '
    const fs = require("fs"), f = process.argv[1], p = JSON.parse(fs.readFileSync(f, "utf8"));
    delete p.devDependencies; fs.writeFileSync(f, JSON.stringify(p, null, 2) + "\n");
  ' "$INSTALL_DIR/src/package.json"
  # --omit=optional: ueberdb2 lists sqlite3 as an optional dependency fetched from GitHub
  # (codeload.github.com), and other optional deps build native code; none is needed with the dirty
  # DB. Where GitHub is unreachable npm would otherwise retry that fetch for about a minute.
  # --fetch-retries=0 keeps that one failed fetch quick when it still happens.
  local npmflags=(--omit=dev --omit=optional --no-audit --no-fund --loglevel=error --fetch-retries=0)
  if [ -f "$LOCKFILE" ]; then
    # `npm install` (not `npm ci`): the lockfile cannot hold the GitHub sqlite3 entry when it was
    # made offline from GitHub, and `npm ci` refuses a lockfile with a missing entry.
    cp "$LOCKFILE" "$INSTALL_DIR/src/package-lock.json"
  else
    log "no lockfile at $LOCKFILE: dependency versions float within the package's ranges"
  fi
  (cd "$INSTALL_DIR/src" && npm install "${npmflags[@]}" >&2) || return 1
  # Etherpad finds its plugins (itself included: its ep.json declares the core hooks) by running
  # `npm ls` in the root, so the root must see the package under its own name.
  mkdir -p "$INSTALL_DIR/node_modules" "$INSTALL_DIR/var"
  ln -sfn ../src "$INSTALL_DIR/node_modules/ep_etherpad-lite"
  echo "$VERSION" > "$MARKER"
  log "installed in $((SECONDS - t0)) s"
}

exec 9>"$INSTALL_DIR/.install.lock"
flock 9
if [ "$(cat "$MARKER" 2>/dev/null)" != "$VERSION" ] || [ ! -f "$INSTALL_DIR/src/node/server.js" ]; then
  install || { log "install failed (is the npm registry reachable?)"; exit 3; }
fi
flock -u 9
if [ "$INSTALL_ONLY" = 1 ]; then
  log "ep_etherpad-lite@$VERSION is installed in $INSTALL_DIR"
  exit 0
fi
DATA_DIR=${4:-$INSTALL_DIR/instances/$PORT}
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)

# ---------------------------------------------------------------- instance files
printf '%s' "$APIKEY" > "$DATA_DIR/APIKEY.txt"
SCHEME=http
SSL=false
SAMESITE=${ETHERPAD_SAMESITE:-Lax}
if [ -n "${ETHERPAD_TLS_CERT:-}" ]; then
  SCHEME=https
  SSL="{\"key\": \"$ETHERPAD_TLS_KEY\", \"cert\": \"$ETHERPAD_TLS_CERT\"}"
  SAMESITE=${ETHERPAD_SAMESITE:-None}
fi
cat > "$DATA_DIR/settings.json" <<EOF
{
  "title": "Etherpad (test)",
  "skinName": "colibris",
  "ip": "$IP",
  "port": $PORT,
  "ssl": $SSL,
  "dbType": "dirty",
  "dbSettings": { "filename": "$DATA_DIR/dirty.db" },
  "requireSession": true,
  "editOnly": true,
  "users": {},
  "showSettingsInAdminPage": false,
  "exposeVersion": false,
  "minify": false,
  "defaultPadText": "",
  "suppressErrorsInPadText": true,
  "disableIPlogging": true,
  "trustProxy": false,
  "cookie": { "sameSite": "$SAMESITE" },
  "loglevel": "WARN"
}
EOF

# ---------------------------------------------------------------- start and wait
BASE="$SCHEME://$IP:$PORT"
if curl -sk -o /dev/null "$BASE/api" 2>/dev/null; then
  log "something already answers on $BASE"; exit 4
fi
cd "$INSTALL_DIR"
NODE_ENV=production nohup node src/node/server.js \
  --settings "$DATA_DIR/settings.json" \
  --apikey "$DATA_DIR/APIKEY.txt" \
  --sessionkey "$DATA_DIR/SESSIONKEY.txt" \
  > "$DATA_DIR/etherpad.log" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$DATA_DIR/etherpad.pid"

KEY_Q=$(node -p 'encodeURIComponent(process.argv[1])' "$APIKEY")
t0=$(date +%s%N)
deadline=$((SECONDS + TIMEOUT))
while :; do
  if ! kill -0 "$PID" 2>/dev/null; then
    log "Etherpad exited during start; last log lines:"; tail -n 30 "$DATA_DIR/etherpad.log" >&2; exit 4
  fi
  # Ready = the API answers and accepts the key (code 0). Needs no pad, touches no data.
  if curl -sk --max-time 2 "$BASE/api/1.2.15/checkToken?apikey=$KEY_Q" \
      2>/dev/null | grep -q '"code":0'; then
    break
  fi
  if [ $SECONDS -ge $deadline ]; then
    log "not ready after ${TIMEOUT}s; last log lines:"; tail -n 30 "$DATA_DIR/etherpad.log" >&2
    kill "$PID" 2>/dev/null || true; exit 4
  fi
  sleep 0.2
done
log "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
echo "ETHERPAD_READY $BASE pid=$PID data=$DATA_DIR"
