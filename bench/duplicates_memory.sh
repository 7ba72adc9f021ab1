#!/usr/bin/env bash
# Peak memory and wall time of `warta duplicates` and `warta show ID` on a group of
# identical copies (20,000 by default) and on the x10 corpus (bench/scale_corpus.py),
# for one or more warta binaries (say, an older build beside the current one). Each
# binary indexes both corpora itself (indexes of different versions may differ).
# Prints one Markdown table: peak RSS (/usr/bin/time) and wall time, median of RUNS.
#
#   bench/duplicates_memory.sh [WARTA_BINARY ...]     (default: target/release/warta, built)
#
# Environment:
#   COPIES=20000   identical articles in the group
#   RUNS=3         runs of each command, the median reported
#   CORPUS=FILE    the corpus scaled to x10 (default ../shared/corpus/large/clickid_articles.jsonl.gz)
#   WORK=DIR       corpora and indexes (default: a temporary folder, removed at the end)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
copies=${COPIES:-20000}
runs=${RUNS:-3}
corpus=${CORPUS:-$here/../shared/corpus/large/clickid_articles.jsonl.gz}
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found; install it with: apt-get install time" >&2; exit 2; }
[ -f "$corpus" ] || { echo "error: $corpus: no such corpus" >&2; exit 2; }
if [ $# -eq 0 ]; then
  echo "building warta" >&2
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  set -- "$here/target/release/warta"
fi

# The group: `copies` articles with one body (the first a day earlier, so canonical).
python3 - "$work/copies.jsonl" "$copies" <<'EOF'
import json, sys
path, copies = sys.argv[1], int(sys.argv[2])
body = ("Harga cabai rawit di Pasar Induk Kramat Jati naik tajam sejak awal pekan. "
        "Pedagang menyebut pasokan dari Jawa Tengah berkurang karena kemarau panjang yang "
        "melanda sentra produksi. Seorang pedagang mengatakan harga kini mencapai Rp 80.000 "
        "per kilogram, naik dari Rp 50.000 pekan lalu. Pemerintah daerah berjanji menggelar "
        "operasi pasar untuk menekan harga dalam beberapa hari ke depan.")
with open(path, "w") as out:
    for i in range(copies):
        date = "2019-09-15" if i == 0 else "2019-09-16"
        out.write(json.dumps({"id": f"salinan-{i:05d}", "title": "Harga cabai naik",
                              "date": date, "source": "Kompas.com", "body": body}) + "\n")
EOF
python3 "$here/bench/scale_corpus.py" "$corpus" "$work/corpus" 10 > /dev/null
x10_id=$(head -1 "$work/corpus/x10.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')

# Median of `runs` runs of a command: "peak_rss_kb seconds".
measure() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%M %e" -o "$work/time.txt" "$@" > /dev/null 2> /dev/null || true
    tail -1 "$work/time.txt"
  done | sort -n -k1,1 | awk -v n="$runs" 'NR == int((n + 1) / 2)'
}

echo "| binary | corpus | command | peak RSS | wall time |"
echo "|---|---|---|---|---|"
for warta in "$@"; do
  for name in copies x10; do
    case $name in
      copies) input=$work/copies.jsonl; id=salinan-00007; label="$copies identical copies" ;;
      x10) input=$work/corpus/x10.jsonl; id=$x10_id; label="x10 ($(wc -l < "$input") articles)" ;;
    esac
    index=$work/index-$(cksum < "$warta" | cut -d' ' -f1)-$name
    [ -e "$index/meta.json" ] || "$warta" --index "$index" index --quiet "$input"
    for command in duplicates "show $id"; do
      # shellcheck disable=SC2086
      read -r kb secs < <(measure "$warta" --index "$index" $command)
      printf '| %s | %s | `%s` | %.0f MB | %s s |\n' "$warta" "$label" "${command%% *}" "$(awk -v kb="$kb" 'BEGIN { print kb / 1024 }')" "$secs"
    done
  done
done
