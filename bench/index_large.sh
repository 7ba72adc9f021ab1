#!/usr/bin/env bash
# Indexing figures on the large corpus (25,421 articles, 54 MB of JSONL): wall time,
# articles/s, MB/s, peak RSS and index size; median of RUNS runs (default 3).
#
#   bench/index_large.sh [CORPUS_JSONL_GZ]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus/large/clickid_articles.jsonl.gz}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
warta=$here/target/release/warta
zcat "$corpus" > "$work/articles.jsonl"
bytes=$(stat -c %s "$work/articles.jsonl")
articles=$(wc -l < "$work/articles.jsonl")
echo "corpus: $articles articles, $bytes bytes uncompressed"
for i in $(seq "$runs"); do
  rm -rf "$work/index"
  /usr/bin/time -f "%e %M" -o "$work/time" "$warta" --index "$work/index" index --quiet "$work/articles.jsonl"
  read -r secs rss_kb < "$work/time"
  size=$(du -sb "$work/index" | cut -f1)
  echo "$secs $rss_kb $size" >> "$work/runs"
  echo "run $i: ${secs}s, peak RSS $((rss_kb / 1024)) MB, index $((size / 1000000)) MB"
done
sort -n "$work/runs" | awk -v n="$runs" -v a="$articles" -v b="$bytes" '
  { s[NR] = $1; r[NR] = $2; z[NR] = $3 }
  END { m = int((n + 1) / 2);
        printf "median: %.2f s, %.0f articles/s, %.1f MB/s, peak RSS %.0f MB, index %.1f MB (%.2fx the text)\n",
               s[m], a / s[m], b / 1e6 / s[m], r[m] / 1024, z[m] / 1e6, z[m] / b }'
