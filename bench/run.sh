#!/usr/bin/env bash
# Scale benchmark: indexing and query figures for warta on the large corpus as it is
# (x1, 25,421 articles), three times over (x3) and ten times over (x10, 254,210
# articles), against tantivy-cli
# on the same JSON Lines and rg on the same articles one file each. Prints the machine,
# then one Markdown table with the issue's targets marked met or missed, and tantivy-cli's
# own query latency on the same headlines as a reference.
#
#   bench/run.sh [CORPUS_JSONL_GZ]     (default: ../shared/corpus/large/clickid_articles.jsonl.gz)
#
# Environment:
#   RUNS=3        indexing runs per configuration, median reported (RUNS=1 is quick)
#   RUNS_X10=N    runs for the x10 configurations (default: RUNS)
#   SCALES="1 3 10" scales to build; headline queries run on the largest, keyword
#                 queries on every scale from x3, many-hits queries on x1
#   RG_X10=1      also time rg over the x10 folder (0 skips it)
#   WORK=DIR      generated corpora, indexes and raw figures (default: a temporary
#                 folder, removed at the end); an existing WORK's corpora are reused
#   CACHE=DIR     where tantivy-cli is installed if missing (default ~/.cache/warta-bench)
#   WARTA=BIN     measure this warta binary instead of building the clone's
#   LUCENE=0      skip Lucene's run of the many-hits queries (by default it runs on x1
#                 through ../shared/eval/peers when that harness is there)
#
# Corpora: each scale as one .jsonl and as a folder of one file per article (half .txt
# in the raw layout "title, blank line, body", half .json); see bench/scale_corpus.py.
# Replicas keep the bodies identical and make ids and urls unique.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus/large/clickid_articles.jsonl.gz}
runs=${RUNS:-3}
runs_x10=${RUNS_X10:-$runs}
scales=${SCALES:-1 3 10}
rg_x10=${RG_X10:-1}
cache=${CACHE:-$HOME/.cache/warta-bench}
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
# warta's default indexing budget is 256 MB over all threads. tantivy-cli divides its
# -m by -t and hands the quotient to tantivy as the whole budget, so -m is twice that.
threads=2
tantivy_memory=${TANTIVY_MEMORY:-$((256000000 * threads))}

need() {
  command -v "$1" > /dev/null || { echo "error: $1 not found; install it with: $2" >&2; exit 2; }
}
need rg "apt-get install ripgrep"
need hyperfine "apt-get install hyperfine"
need python3 "apt-get install python3"
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found; install it with: apt-get install time" >&2; exit 2; }
[ -f "$corpus" ] || { echo "error: $corpus: no such corpus" >&2; exit 2; }

echo "building warta" >&2
if [ -n "${WARTA:-}" ]; then
  warta=$WARTA
else
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  warta=$here/target/release/warta
fi
tantivy=$(command -v tantivy || true)
if [ -z "$tantivy" ]; then
  tantivy=$cache/bin/tantivy
  if [ ! -x "$tantivy" ]; then
    echo "installing tantivy-cli into $cache" >&2
    # Its lock file pins a traitobject that no longer compiles; fall back to an
    # unlocked build when the locked one fails.
    cargo install tantivy-cli --locked --root "$cache" --quiet \
      || cargo install tantivy-cli --root "$cache" --quiet
  fi
fi
tantivy_version=$("$tantivy" --version | awk '{print $NF}')

results=$work/results.tsv
: > "$results"
record() { printf '%s\t%s\n' "$1" "$2" >> "$results"; }
record meta.runs "$runs"
record meta.runs_x10 "$runs_x10"
record meta.tantivy_cli "$tantivy_version"

echo "writing the scaled corpora into $work/corpus" >&2
# shellcheck disable=SC2086
python3 "$here/bench/scale_corpus.py" "$corpus" "$work/corpus" $scales | while read -r name count bytes; do
  record "corpus.$name" "$count $bytes"
done

# The schema tantivy-cli indexes with: the fields warta stores, analysed with
# tantivy's default tokenizer (ids and dates whole), stored as warta stores them.
tantivy_meta() {
  local text='{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"default"},"stored":true,"fast":false}'
  local raw='{"indexing":{"record":"basic","fieldnorms":false,"tokenizer":"raw"},"stored":true,"fast":false}'
  printf '{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[%s],"opstamp":0}\n' \
    "$(printf '{"name":"%s","type":"text","options":%s},' \
         id "$raw" title "$text" body "$text" source "$text" url "$text" | sed 's/,$//'),$(printf '{"name":"date","type":"text","options":%s}' "$raw")"
}

# index_runs KEY RUNS INDEX_DIR INPUT -- COMMAND...: run COMMAND RUNS times on a fresh
# INDEX_DIR with INPUT on stdin; records wall seconds, peak RSS (KB) and index bytes.
index_runs() {
  local key=$1 n=$2 index=$3 input=$4
  shift 5
  for i in $(seq "$n"); do
    rm -rf "$index"
    if [[ $key == index.tantivy-cli.* ]]; then
      mkdir -p "$index"
      tantivy_meta > "$index/meta.json"
    fi
    # The indexes kept from earlier runs are written back to disk now, not during
    # this run (a folder run after the JSON Lines runs of its scale would otherwise
    # share the disk with the write-back of the index they leave for the queries).
    sync
    if ! /usr/bin/time -f "%e %M" -o "$work/time" "$@" < "$input" > "$work/index.log" 2>&1; then
      echo "error: $key run $i failed:" >&2
      tail -5 "$work/index.log" >&2
      exit 2
    fi
    local secs rss_kb size
    read -r secs rss_kb < "$work/time"
    size=$(du -sb "$index" | cut -f1)
    record "$key" "$secs $rss_kb $size"
    echo "$key run $i/$n: ${secs} s, peak RSS $((rss_kb / 1024)) MB, index $((size / 1000000)) MB" >&2
  done
}

largest=1
for n in $scales; do
  largest=$n
  r=$runs
  [ "$n" -ge 10 ] && r=$runs_x10
  data=$work/corpus
  index_runs "index.warta.jsonl.x$n" "$r" "$work/warta-jsonl-x$n" /dev/null -- \
    "$warta" --index "$work/warta-jsonl-x$n" index --quiet "$data/x$n.jsonl"
  index_runs "index.warta.folder.x$n" "$r" "$work/warta-folder-x$n" /dev/null -- \
    "$warta" --index "$work/warta-folder-x$n" index --quiet "$data/x$n"
  rm -rf "$work/warta-folder-x$n"
  index_runs "index.tantivy-cli.jsonl.x$n" "$r" "$work/tantivy-x$n" "$data/x$n.jsonl" -- \
    "$tantivy" index -i "$work/tantivy-x$n" -t "$threads" -m "$tantivy_memory"
done
# Only the largest tantivy-cli index is kept, for its query reference.
for n in $scales; do
  [ "$n" = "$largest" ] || rm -rf "$work/tantivy-x$n"
done

echo "query latency on x$largest" >&2
rg_folders=()
for n in $scales; do
  if [ "$n" -lt 10 ] || [ "$rg_x10" = 1 ]; then
    rg_folders+=(--rg "x$n" "$work/corpus/x$n" "$work/warta-jsonl-x$n")
  fi
done
python3 "$here/bench/scale_queries.py" --warta "$warta" --index "$work/warta-jsonl-x$largest" \
  --titles "$corpus" --scale "x$largest" --tantivy "$tantivy" "$work/tantivy-x$largest" \
  "${rg_folders[@]}" >> "$results"
rm -rf "$work/tantivy-x$largest"
# The same one-process queries on a copy of the index merged into one segment.
echo "warta optimize on a copy of x$largest, and one-process queries on it" >&2
rm -rf "$work/warta-optimized"
cp -r "$work/warta-jsonl-x$largest" "$work/warta-optimized"
/usr/bin/time -f "%e %M" -o "$work/optimize.time" "$warta" --index "$work/warta-optimized" optimize --quiet
echo "optimize.x$largest	$(cat "$work/optimize.time")" >> "$results"
python3 "$here/bench/scale_queries.py" --warta "$warta" --index "$work/warta-optimized" \
  --titles "$corpus" --scale "x$largest" --process-only process.optimized >> "$results"
rm -rf "$work/warta-optimized"
python3 "$here/bench/keyword_queries.py" "$corpus" "$here/src/analysis/data/stopwords.txt" \
  > "$work/keywords.tsv"
for n in $scales; do
  if [ "$n" = 1 ]; then
    echo "many-hits queries on x1" >&2
    python3 "$here/bench/scale_queries.py" --warta "$warta" --index "$work/warta-jsonl-x1" \
      --titles "$corpus" --scale x1 --many-hits >> "$results"
    peers=$here/../shared/eval/peers
    if [ "${LUCENE:-1}" != 0 ] && [ -x "$peers/peer_lucene.sh" ]; then
      echo "many-hits queries on x1 with Lucene (reference, same run)" >&2
      python3 "$here/bench/scale_queries.py" --titles "$corpus" \
        --write-headlines "$work/headlines.tsv"
      TOPK=100 "$peers/peer_lucene.sh" "$corpus" "$work/headlines.tsv" "$work/peers" body \
        > "$work/lucene.log" 2>&1 || { tail -5 "$work/lucene.log" >&2; exit 2; }
      python3 - "$work/peers/lucene/latency.json" >> "$results" <<'PY'
import json, statistics, sys
passes = json.load(open(sys.argv[1]))["passes_ms"]
warm = sorted(passes[-1])
p95 = warm[min(len(warm) - 1, int(round(0.95 * (len(warm) - 1))))]
print(f"lucene.many.100.x1\t{statistics.median(warm):.3f} {p95:.3f} {len(warm)} {len(passes)}")
PY
      rm -rf "$work/peers"
    fi
  else
    echo "keyword queries on x$n" >&2
    python3 "$here/bench/scale_queries.py" --warta "$warta" --index "$work/warta-jsonl-x$n" \
      --scale "x$n" --keywords "$work/keywords.tsv" >> "$results"
  fi
done

mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "Machine: $(nproc) cores ($cpu), $mem RAM, $(uname -sr); $(rustc --version | cut -d' ' -f1-2)."
echo "Date: $(date -u +%Y-%m-%d). warta commit $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet HEAD -- src Cargo.toml Cargo.lock index_schema.json || echo ' (with local changes)'); tantivy-cli $tantivy_version."
echo "Indexing: median of $runs run(s) (x10: $runs_x10), default settings ($threads threads, 256 MB budget for both systems)."
echo "x10 repeats every article ten times with unique ids and urls and identical bodies."
echo
python3 "$here/bench/scale_report.py" "$results"
