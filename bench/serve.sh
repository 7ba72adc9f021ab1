#!/usr/bin/env bash
# Serving figures on the large corpus (25,421 articles): wrk on loopback against
# `warta serve`, rotating through the keyword queries of bench/serve_queries.txt
# (GET /api/search?q=…&limit=10, snippets on, as the page asks), with 16 connections
# for 30 s: throughput, p50/p90/p99, errors; then the same queries through
# `warta query --batch --limit 10` (index opened once, one thread) for comparison.
#
#   bench/serve.sh [CORPUS_JSONL_GZ]     (default: ../shared/corpus/large/clickid_articles.jsonl.gz)
#
# Environment:
#   DURATION=30s CONNECTIONS=16 THREADS=2   wrk's load
#   BATCH_ROUNDS=40                         times the query list is repeated in batch mode
#   WORK=DIR                                index folder to reuse (default: a temporary one)
#
# wrk, the server and (in batch mode) warta share the machine's cores, so the server
# figures are what is left to it beside wrk's two threads.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus/large/clickid_articles.jsonl.gz}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
rounds=${BATCH_ROUNDS:-40}
queries=$here/bench/serve_queries.txt

command -v wrk > /dev/null || { echo "error: wrk not found; install it with: apt-get install wrk" >&2; exit 2; }
command -v python3 > /dev/null || { echo "error: python3 not found; install it with: apt-get install python3" >&2; exit 2; }
[ -f "$corpus" ] || { echo "error: $corpus: no such corpus" >&2; exit 2; }

if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
fi
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
  if [ -z "${WORK:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
warta=$here/target/release/warta
index=$work/index
if [ ! -f "$index/meta.json" ]; then
  echo "indexing $corpus …" >&2
  "$warta" --index "$index" index --quiet "$corpus"
fi
documents=$("$warta" --index "$index" stats --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["documents"])')

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
"$warta" --index "$index" serve --bind "127.0.0.1:$port" 2> "$work/serve.log" &
server=$!
python3 - "$url" << 'EOF'
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(sys.argv[1] + "/healthz", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit("warta serve did not answer /healthz in 30 s")
EOF

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(uname -sr); $(date -u +%Y-%m-%d)"
echo "index: $documents articles; $(grep -vc '^#' "$queries") queries in $queries"
# Warm-up: page cache and the server's first searches.
QUERIES=$queries wrk -t"$threads" -c"$connections" -d5s -s "$here/bench/serve.lua" "$url" > /dev/null
QUERIES=$queries wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/bench/serve.lua" "$url" \
  | tee "$work/wrk.txt" >&2
declare -A figure
while IFS='=' read -r key value; do figure[$key]=$value; done < <(grep -E '^[a-z0-9_]+=' "$work/wrk.txt")

grep -v '^#' "$queries" | grep -v '^$' > "$work/once.txt"
for _ in $(seq "$rounds"); do cat "$work/once.txt"; done > "$work/batch.txt"
batch_queries=$(wc -l < "$work/batch.txt")
start=$(date +%s.%N)
status=0
"$warta" --index "$index" query --batch --limit 10 < "$work/batch.txt" > "$work/batch.ndjson" || status=$?
end=$(date +%s.%N)
[ "$status" -le 1 ] || { echo "error: warta query --batch failed (exit $status)" >&2; exit 2; }
batch_qps=$(python3 -c "print(f'{$batch_queries / ($end - $start):.1f}')")
batch_p50=$(python3 -c '
import json, statistics, sys
took = sorted(json.loads(l)["took_ms"] for l in open(sys.argv[1]))
print(f"{statistics.median(took):.2f} / {took[int(0.99 * (len(took) - 1))]:.2f}")' "$work/batch.ndjson")

p99_met=$(python3 -c "print('met' if ${figure[p99_ms]} < 50 else 'MISSED')")
echo
echo "| mode | load | queries/s | p50 ms | p90 ms | p99 ms | errors |"
echo "|---|---|---:|---:|---:|---:|---:|"
echo "| \`warta serve\`, GET /api/search (wrk) | $connections connections, $threads threads, ${figure[seconds]} s, ${figure[requests]} requests | ${figure[rps]} | ${figure[p50_ms]} | ${figure[p90_ms]} | ${figure[p99_ms]} (< 50: $p99_met) | ${figure[errors]} |"
echo "| \`warta query --batch --limit 10\` | one process, $batch_queries queries | $batch_qps | ${batch_p50% / *} | | ${batch_p50#* / } | 0 |"
echo
echo "errors: ${figure[errors_detail]}"
[ "${figure[errors]}" = 0 ] || { echo "error: the server answered ${figure[errors]} requests with an error" >&2; exit 1; }
