#!/usr/bin/env bash
# Retrieval quality on the known-item set: each query is an article's headline, the
# article is the one relevant answer. Indexes the large corpus, searches the body only
# (--match any --fields body, top 10), writes a TREC run and scores it.
#
#   bench/known_item.sh [EVAL_DIR] [CORPUS]     (defaults: ../shared/eval, ../shared/corpus)
#   WARTA_FLAGS="..." bench/known_item.sh     extra query flags
#   SCHEMA=variant.json bench/known_item.sh    index with another schema declaration
#   WORK=dir bench/known_item.sh               reuse the index (and answers) in dir
#   SET=dir bench/known_item.sh                another set (queries.tsv, qrels.txt), e.g.
#                                              the held-out proxy bench/known_item_heldout.sh makes
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
eval_dir=${1:-$here/../shared/eval}
corpus=${2:-$here/../shared/corpus}
work=${WORK:-$(mktemp -d)}
set=${SET:-$eval_dir/known_item_dev}
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
warta=$here/target/release/warta
if [ ! -f "$work/index/meta.json" ]; then
  "$warta" --index "$work/index" index --quiet ${SCHEMA:+--schema "$SCHEMA"} "$corpus/large/clickid_articles.jsonl.gz"
fi
"$warta" --index "$work/index" query --batch --match any --fields body --limit 10 --no-snippets \
  ${WARTA_FLAGS:-} < "$set/queries.tsv" > "$work/answers.jsonl" || true
python3 - "$work/answers.jsonl" > "$work/run.trec" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    answer = json.loads(line)
    for rank, hit in enumerate(answer.get("hits", []), 1):
        print(answer["qid"], "Q0", hit["id"], rank, f'{hit["score"]:.6f}', "warta")
PY
python3 "$eval_dir/score.py" "$work/run.trec" "$set/qrels.txt"
