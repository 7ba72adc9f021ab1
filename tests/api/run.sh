#!/usr/bin/env bash
# The HTTP API against its own OpenAPI document: schemathesis generates requests for
# every operation of /api/openapi.json (valid and invalid ones) and checks that none
# gets a 5xx and that every answer matches the document. The server is the real
# `warta serve` on an index of sample_corpus plus the hostile test article, on a free
# loopback port, stopped on exit.
#
#   tests/api/run.sh [WARTA_BIN]     (default: target/debug/warta; needs the
#                                     schemathesis of requirements.txt, e.g. in a venv:
#                                     ST=path/to/venv/bin/st)
#
# Environment: ST (the schemathesis command, default `st`), EXAMPLES (most test cases
# per operation and phase, default 150), SEED (default 20261202).
#
# Every check of schemathesis runs, with the exceptions schemathesis.toml gives reasons for.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
warta=${1:-$repo/target/debug/warta}
st=${ST:-st}
[ -x "$warta" ] || { echo "error: $warta not found; build it with cargo build" >&2; exit 2; }
command -v "$st" > /dev/null || { echo "error: $st not found; pip install -r $here/requirements.txt" >&2; exit 2; }
case $st in /*) ;; */*) st=$PWD/$st ;; esac

work=$(mktemp -d)
server=
stop() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap stop EXIT

"$warta" --index "$work/index" index --quiet "$repo/sample_corpus" "$repo/tests/browser/fixtures"
"$warta" --index "$work/index" serve --bind 127.0.0.1:0 2> "$work/serve.log" &
server=$!
# The server prints the address it listens on (a free port, as asked with port 0).
url=
for _ in $(seq 300); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2> /dev/null || { cat "$work/serve.log" >&2; exit 2; }
  sleep 0.1
done
[ -n "$url" ] || { echo "error: warta serve did not say where it listens" >&2; cat "$work/serve.log" >&2; exit 2; }

status=0
# From the scratch folder: schemathesis keeps a cache in the folder it runs in.
(cd "$work" && SCHEMATHESIS_HOOKS=$here/hooks.py "$st" --config-file "$here/schemathesis.toml" \
  run "$url/api/openapi.json" --url "$url" --wait-for-schema 30 \
  --max-examples "${EXAMPLES:-150}" --seed "${SEED:-20261202}" --workers 2 \
  --generation-database none --no-color --report-dir "$work/report") || status=$?
if [ "$status" != 0 ]; then
  echo "schemathesis found problems (exit $status); the server said:" >&2
  tail -n 50 "$work/serve.log" >&2
fi
exit "$status"
