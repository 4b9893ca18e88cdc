#!/usr/bin/env bash
# Installs what this repo needs to lint, typecheck and test: pnpm 12.4.2 and the workspace's packages.
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

# The browser tests drive Debian's Chromium (playwright cannot download browsers here). Skipped when a browser is
# already there, at /usr/bin/chromium or wherever CHROMIUM_PATH points.
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  : # the browser named by CHROMIUM_PATH is used
elif [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  else
    echo "setup: the browser tests need Chromium. Install it as root: apt-get update && apt-get install -y chromium" >&2
    echo "setup: or point CHROMIUM_PATH at an existing Chromium or Chrome executable." >&2
    exit 1
  fi
fi
