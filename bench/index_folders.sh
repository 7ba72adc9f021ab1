#!/usr/bin/env bash
# Folder indexing, two warta binaries side by side: the x1 folder of the large corpus
# (25,421 files, half .txt, half .json; see bench/scale_corpus.py) and a folder of
# saved news pages (the real pages of ../shared/eval/real_html/pages, each copied
# COPIES times under its own name). Runs alternate between the binaries so that load
# on a shared machine falls on both; prints each run, the medians of wall time and of
# CPU time (user + system, less sensitive to other work on the machine) and the ratios.
#
#   bench/index_folders.sh BEFORE_BIN AFTER_BIN [CORPUS_JSONL_GZ]
#
# Environment: RUNS=5 (runs per binary and folder), COPIES=100, WORK=DIR (kept).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
before=$1
after=$2
corpus=${3:-$here/../shared/corpus/large/clickid_articles.jsonl.gz}
pages=$here/../shared/eval/real_html/pages
runs=${RUNS:-5}
copies=${COPIES:-100}
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
for f in "$before" "$after" "$corpus"; do
  [ -e "$f" ] || { echo "error: $f: not found" >&2; exit 2; }
done
python3 "$here/bench/scale_corpus.py" "$corpus" "$work/corpus" 1 > /dev/null
if [ ! -d "$work/html" ]; then
  for i in $(seq "$copies"); do
    mkdir -p "$work/html/c$i"
    for p in "$pages"/*.html; do cp "$p" "$work/html/c$i/"; done
  done
fi
echo "folders: $(find "$work/corpus/x1" -type f | wc -l) files (txt+json), $(find "$work/html" -type f | wc -l) files (html)"
: > "$work/runs.tsv"
for i in $(seq "$runs"); do
  for folder in corpus/x1 html; do
    for which in before after; do
      bin=$before
      [ "$which" = after ] && bin=$after
      rm -rf "$work/index"
      /usr/bin/time -f "%e %U %S" -o "$work/time" "$bin" --index "$work/index" index --quiet "$work/$folder" 2> /dev/null
      read -r secs user sys < "$work/time"
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
      printf '%s\t%s\t%s\t%s\n' "$folder" "$which" "$secs" "$cpu" >> "$work/runs.tsv"
      echo "run $i $folder $which: wall ${secs} s, cpu ${cpu} s"
    done
  done
done
median() { # FOLDER WHICH COLUMN
  awk -v f="$1" -v w="$2" -v c="$3" '$1 == f && $2 == w { print $c }' "$work/runs.tsv" \
    | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
for folder in corpus/x1 html; do
  awk -v f="$folder" -v bw="$(median "$folder" before 3)" -v aw="$(median "$folder" after 3)" \
      -v bc="$(median "$folder" before 4)" -v ac="$(median "$folder" after 4)" \
    'BEGIN { printf "%s: wall before %.2f s, after %.2f s, after/before %.3f; cpu before %.2f s, after %.2f s, after/before %.3f (medians)\n", f, bw, aw, aw / bw, bc, ac, ac / bc }'
done
