#!/usr/bin/env bash
# Offline installation check (.ci/run): build the bundle, then, in a network namespace of its own
# with nothing but loopback, install it into an empty directory, migrate a fresh PostgreSQL
# database (reached through its Unix socket) and serve /readyz and a compressed static file
# with gunicorn. Bounded: a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
SOCKET_DIR=${PGSOCKET_DIR:-/var/run/postgresql}
DB=forcegen_bundle_check
WORK=$(mktemp -d /tmp/forcegen-bundle-check.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

[ -n "${SKIP_BUILD:-}" ] || make bundle
tar -xzf dist/forcegen-*-bundle.tar.gz -C "$WORK"
.venv/bin/python - "$SOCKET_DIR" "$DB" <<'PY'
import sys
import psycopg
with psycopg.connect(host=sys.argv[1], user="postgres", dbname="postgres", autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}"')
    c.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY

export WORK DB SOCKET_DIR
timeout 600 unshare --net bash -euo pipefail -c '
  ip link set lo up
  echo "network interfaces in the check namespace: $(ip -o link | cut -d: -f2 | tr -d " " | paste -sd" ")"
  export DATABASE_URL="postgres://postgres@${SOCKET_DIR//\//%2F}/$DB"
  export FORCEGEN_SECRET_KEY=bundle-check-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
  "$WORK"/forcegen-*/install.sh "$WORK/target"
  cd "$WORK/target/app"
  FORCEGEN_STATIC_ROOT="$WORK/target/static" FORCEGEN_BIND=127.0.0.1:8199 FORCEGEN_WEB_WORKERS=2 \
    FORCEGEN_ACCESS_LOG=/dev/null "$WORK/target/venv/bin/gunicorn" -c deploy/gunicorn.conf.py config.wsgi &
  server=$!
  trap "kill $server 2>/dev/null || true" EXIT
  "$WORK/target/venv/bin/python" - <<PY
import re, sys, time, urllib.request
base = "http://127.0.0.1:8199"
for _ in range(60):
    try:
        body = urllib.request.urlopen(base + "/readyz", timeout=5).read().decode()
        break
    except OSError:
        time.sleep(1)
else:
    sys.exit("the installed server never answered /readyz")
print("/readyz:", body)
assert "\"applied\"" in body, body
page = urllib.request.urlopen(base + "/accounts/login/", timeout=10).read().decode()
css = re.search(r"/static/core/forcegen\.[0-9a-f]{12}\.css", page).group(0)
request = urllib.request.Request(base + css, headers={"Accept-Encoding": "gzip"})
with urllib.request.urlopen(request, timeout=10) as response:
    assert response.headers["Content-Encoding"] == "gzip", response.headers
    assert "immutable" in response.headers["Cache-Control"], response.headers
print("static:", css, "gzip, cached for a year")
PY
'
echo "bundle check passed: installed offline, migrated, served /readyz"
