#!/bin/sh
# The image's entrypoint (under tini): `registry-role <script> [args…]` runs that package.json script
# as `npm run` would, with node_modules/.bin on PATH, but exec'd in place of this shell, so node is
# tini's direct child and receives SIGTERM itself (npm and `sh -c` do not pass it on reliably).
set -eu
cd /app
role="${1:-start:web}"
[ "$#" -gt 0 ] && shift
script=$(node -e '
  const s = require("/app/package.json").scripts[process.argv[1]];
  if (!s || /[;&|]/.test(s)) process.exit(1);
  // A script may start with exec already (so that npm run replaces its shell too): exec it once here.
  process.stdout.write(s.replace(/^exec\s+/, ""));
' "$role") || {
  echo "registry-role: \"$role\" is not a single-command script of package.json; roles: start:web, start:worker, migrate, ops" >&2
  exit 64
}
exec /bin/sh -c "exec $script \"\$@\"" "$role" "$@"
