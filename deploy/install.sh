#!/bin/sh
# Install forcegen from this bundle, with no network: ./install.sh TARGET_DIR
#   TARGET_DIR/app     the code            TARGET_DIR/venv    Python with the bundled wheels
#   TARGET_DIR/static  the static files    (FORCEGEN_STATIC_ROOT=TARGET_DIR/static)
# Then, if DATABASE_URL is set (with FORCEGEN_SECRET_KEY; or FORCEGEN_ENV_FILE names a file that
# sets them, e.g. /etc/forcegen/forcegen.env), migrates that database. Run again to upgrade.
set -eu
TARGET=${1:?usage: ./install.sh TARGET_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ -n "${FORCEGEN_ENV_FILE:-}" ]; then
  set -a; . "$FORCEGEN_ENV_FILE"; set +a
fi

mkdir -p "$TARGET"
TARGET=$(cd "$TARGET" && pwd)
echo "== code and static files into $TARGET"
rm -rf "$TARGET/app.new" "$TARGET/static.new"
cp -a "$HERE/app" "$TARGET/app.new"
cp -a "$HERE/static" "$TARGET/static.new"
rm -rf "$TARGET/app" "$TARGET/static"
mv "$TARGET/app.new" "$TARGET/app"
mv "$TARGET/static.new" "$TARGET/static"

echo "== Python packages from the bundle only (no index, no network)"
[ -x "$TARGET/venv/bin/python" ] || "$PYTHON" -m venv "$TARGET/venv"
PIP_CONFIG_FILE=/dev/null "$TARGET/venv/bin/python" -m pip install --quiet --no-index \
  --disable-pip-version-check --find-links "$HERE/wheels" \
  -r "$TARGET/app/requirements-runtime.txt" -c "$TARGET/app/requirements.lock"

if [ -n "${DATABASE_URL:-}" ]; then
  echo "== migrating the database named by DATABASE_URL"
  cd "$TARGET/app"
  FORCEGEN_STATIC_ROOT="$TARGET/static" "$TARGET/venv/bin/python" manage.py migrate --noinput
else
  echo "DATABASE_URL is not set: run 'manage.py migrate' before starting the services."
fi
echo "forcegen installed in $TARGET"
