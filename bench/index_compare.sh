#!/usr/bin/env bash
# Indexing cost of two warta binaries and tantivy-cli, alternating in one run so that a
# loaded machine weighs on all alike: per round, the x1 and x3 JSON Lines with old, new
# and tantivy-cli, then the x1 folder with old and new. Prints one TSV line per run:
# key, wall seconds, CPU seconds (user + sys), peak RSS (KB), index bytes.
#
#   bench/index_compare.sh OLD_WARTA NEW_WARTA [ROUNDS]     (default 3 rounds)
#
# With PERF=1, each run is also under `perf stat -e task-clock,context-switches`, and two
# more columns follow: CPU milliseconds as perf counts them, and context switches.
#
# Environment: SCALES (default "1 3": the JSON Lines scales run), FOLDER (default 1: the
# scale whose folder is run), CORPUS (default ../shared/corpus/large/clickid_articles.jsonl.gz), WORK
# (default a temporary folder; its corpora are reused), TANTIVY (default tantivy on the
# PATH, else ~/.cache/warta-bench/bin/tantivy as bench/run.sh installs it).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
old=$1 new=$2 rounds=${3:-3}
corpus=${CORPUS:-$here/../shared/corpus/large/clickid_articles.jsonl.gz}
tantivy=${TANTIVY:-$(command -v tantivy || echo "$HOME/.cache/warta-bench/bin/tantivy")}
if [ -n "${WORK:-}" ]; then work=$WORK; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
scales=${SCALES:-1 3}
folder=${FOLDER:-1}
# shellcheck disable=SC2086
python3 "$here/bench/scale_corpus.py" "$corpus" "$work/data" $(printf '%s\n' $scales "$folder" | sort -un) > /dev/null
# The schema bench/run.sh gives tantivy-cli.
tantivy_meta() {
  local text='{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"default"},"stored":true,"fast":false}'
  local raw='{"indexing":{"record":"basic","fieldnorms":false,"tokenizer":"raw"},"stored":true,"fast":false}'
  printf '{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[%s],"opstamp":0}\n' \
    "$(printf '{"name":"%s","type":"text","options":%s},' \
         id "$raw" title "$text" body "$text" source "$text" url "$text" | sed 's/,$//'),$(printf '{"name":"date","type":"text","options":%s}' "$raw")"
}
run() { # KEY INDEX_DIR INPUT COMMAND...
  local key=$1 dir=$2 input=$3; shift 3
  rm -rf "$dir"
  if [[ $key == tantivy* ]]; then mkdir -p "$dir"; tantivy_meta > "$dir/meta.json"; fi
  local perf=()
  [ "${PERF:-0}" = 1 ] && perf=(perf stat -x, -e task-clock,context-switches -o "$work/perf")
  "${perf[@]}" /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" < "$input" > "$work/log" 2>&1 \
    || { echo "$key failed:" >&2; tail -3 "$work/log" >&2; exit 2; }
  read -r wall user sys rss < "$work/time"
  printf '%s\t%s\t%.2f\t%s\t%s' "$key" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$(du -sb "$dir" | cut -f1)"
  if [ "${PERF:-0}" = 1 ]; then
    printf '\t%.0f\t%s' "$(grep task-clock "$work/perf" | cut -d, -f1)" "$(grep context-switches "$work/perf" | cut -d, -f1)"
  fi
  printf '\n'
}
for _ in $(seq 1 "$rounds"); do
  for n in $scales; do
    run "old.jsonl.x$n" "$work/idx" /dev/null "$old" --index "$work/idx" index --quiet "$work/data/x$n.jsonl"
    run "new.jsonl.x$n" "$work/idx" /dev/null "$new" --index "$work/idx" index --quiet "$work/data/x$n.jsonl"
    run "tantivy.jsonl.x$n" "$work/idx" "$work/data/x$n.jsonl" "$tantivy" index -i "$work/idx" -t 2 -m 512000000
  done
  run "old.folder.x$folder" "$work/idx" /dev/null "$old" --index "$work/idx" index --quiet "$work/data/x$folder"
  run "new.folder.x$folder" "$work/idx" /dev/null "$new" --index "$work/idx" index --quiet "$work/data/x$folder"
done
