#!/usr/bin/env bash
# Installs what this repo needs to lint, typecheck and test: pnpm 12.4.2, the workspace's packages, and Debian's
# Chromium and redis-server.
# Idempotent: safe to run again on a machine where everything is already in place (CI runs it every time).
# Expects Node >= 20 (preinstalled on this project's machines; Debian's own nodejs package is too old on 12).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION=12.4.2

if ! command -v node >/dev/null || ! node -e 'process.exit(parseInt(process.versions.node) < 20 ? 1 : 0)'; then
  echo "setup: Node >= 20 is required (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

# corepack cannot be used here (the registry serves no signatures), so pnpm comes from npm, pinned.
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install --global --no-fund --no-audit --allow-scripts=pnpm "pnpm@$PNPM_VERSION"
  hash -r # forget any previously found pnpm, so the new one is used below
fi

# Exactly what the lockfile says; fails rather than silently changing it.
pnpm install --frozen-lockfile

# Debian packages the tests use: Chromium for the browser tests (playwright cannot download browsers here), and
# redis-server for the Redis log tests, which start their own server on a free port. Each is skipped when already
# there (Chromium also where CHROMIUM_PATH points).
missing=()
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  : # the browser named by CHROMIUM_PATH is used
elif [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "setup: the tests need ${missing[*]}. Install as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    echo "setup: (or point CHROMIUM_PATH at an existing Chromium or Chrome executable)." >&2
    exit 1
  fi
fi
# Debian starts a redis-server service when it installs one; the tests start their own, so it is not needed.
if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
  systemctl stop redis-server || true
fi
