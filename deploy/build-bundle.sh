#!/usr/bin/env bash
# `make bundle`: dist/forcegen-<version>-bundle.tar.gz for a server without network access.
# It holds the code (tracked files), every pinned runtime wheel for this machine's platform
# (build on the same OS, CPU and Python minor version as the server), the compiled translations
# (committed .mo files), the collected and compressed static files, and install.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
VERSION=$($BIN/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
NAME="forcegen-$VERSION"
STAGE="var/bundle/$NAME"
rm -rf "var/bundle" && mkdir -p "$STAGE/app" "$STAGE/wheels" dist

echo "== code"
git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$STAGE/app"
cp deploy/install.sh "$STAGE/install.sh"

echo "== runtime wheels (only the pinned versions, binary only)"
$BIN/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
  > "$STAGE/app/requirements-runtime.txt"
$BIN/python -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
  ${BUNDLE_PIP_ARGS:-} -r "$STAGE/app/requirements-runtime.txt" -c requirements.lock -d "$STAGE/wheels"

echo "== static files (hashed names, gzip-compressed)"
FORCEGEN_DEMO=1 FORCEGEN_STATIC_ROOT="$PWD/$STAGE/static" \
  $BIN/python manage.py collectstatic --noinput --verbosity 0

tar -czf "dist/$NAME-bundle.tar.gz" -C var/bundle "$NAME"
rm -rf var/bundle
echo "dist/$NAME-bundle.tar.gz ($(du -h "dist/$NAME-bundle.tar.gz" | cut -f1))"
