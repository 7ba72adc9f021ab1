#!/usr/bin/env bash
# warta on one machine against the same archive in OpenSearch, on the large corpus.
# Starts a node with scripts/opensearch, indexes locally, exports, measures, stops the
# node, and prints a table:
#   - index time locally and export time to the cluster (wall, articles/s);
#   - index size locally and on the cluster (primary store after a flush);
#   - analysis agreement: the share of tokens equal between `warta analyze` and the
#     cluster's `_analyze` on the body field, for sentences of HELD-OUT articles (every
#     fifth article is left out of a second export, so its words taught the cluster's
#     analyser nothing) and, as a check, for sentences of exported articles;
#   - known-item MRR@10 locally and on the cluster (the method of bench/known_item.sh:
#     query --batch --match any --fields body --limit 10 --no-snippets), the mean
#     top-10 overlap between them and the share of queries with the same first hit,
#     and the batch's wall time on each side, for the default (the learned second
#     stage), with --no-learned (the coverage stage) and with --coverage 0 (BM25
#     alone, without a second stage) on both sides.
#
#   bench/opensearch.sh [EVAL_DIR] [CORPUS]   (defaults: ../shared/eval, ../shared/corpus)
#   PORT=9200 HEAP=2g SENTENCES=2000 WORK=dir bench/opensearch.sh
# Needs Java 17, Maven, python3 and curl. The node listens on 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
eval_dir=${1:-$here/../shared/eval}
corpus=${2:-$here/../shared/corpus}
work=${WORK:-$(mktemp -d)}
port=${PORT:-9200}
sentences=${SENTENCES:-2000}
export WARTA_OPENSEARCH_STATE=$work/opensearch-state
export WARTA_OPENSEARCH_HEAP=${HEAP:-2g}
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
warta=$here/target/release/warta
large=$corpus/large/clickid_articles.jsonl.gz

now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

# The split: every fifth article is held out of the second export; sentences of the
# held-out articles (and, for the check, of the others) are the analysis test.
python3 - "$large" "$work" "$sentences" <<'PY'
import gzip, json, random, re, sys
large, work, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Paragraphs are joined by commas in this corpus; cut at sentence ends and at those joins.
cut = re.compile(r"(?<=[.!?])[\s,]+|\s*,\s*,[\s,]*|\.,|\n")
held, seen = [], []
with gzip.open(large, "rt", encoding="utf-8") as f, open(f"{work}/train.jsonl", "w", encoding="utf-8") as train:
    for n, line in enumerate(f):
        article = json.loads(line)
        pieces = [p.strip(" ,-") for p in cut.split(article["body"])]
        pieces = [p for p in pieces if 6 <= len(p.split()) <= 40]
        if n % 5 == 4:
            held.extend(pieces)
        else:
            train.write(line)
            seen.extend(pieces)
rng = random.Random(16)
for name, pool in (("held_out", held), ("seen", seen)):
    with open(f"{work}/{name}.txt", "w", encoding="utf-8") as out:
        for sentence in rng.sample(pool, min(wanted, len(pool))):
            out.write(sentence.replace("\t", " ") + "\n")
PY

url=$("$here/scripts/opensearch" start --port "$port" | tail -n 1)
trap '"$here/scripts/opensearch" stop || true' EXIT

rm -rf "$work/index" "$work/train-index"
t=$(now); "$warta" --index "$work/index" index --quiet "$large"; index_s=$(since "$t")
"$warta" --index "$work/train-index" index --quiet "$work/train.jsonl"
articles=$("$warta" --index "$work/index" stats --json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])")
curl -s -X DELETE "$url/berita" >/dev/null; curl -s -X DELETE "$url/heldout" >/dev/null
t=$(now); "$warta" --index "$work/index" export --quiet --opensearch "$url/berita" 2> "$work/export.log"; export_s=$(since "$t")
# The held-out analyser: the settings an export of the other four fifths makes (its
# articles need not be loaded to analyse text with it).
"$warta" --index "$work/train-index" export --quiet --to "$work/train.ndjson"
curl -sf -X PUT "$url/heldout" -H 'Content-Type: application/json' --data-binary "@$work/train.ndjson.index.json" >/dev/null
t=$(now); "$warta" --index "$work/index" export --quiet --opensearch "$url/berita" 2>> "$work/export.log"; reexport_s=$(since "$t")
curl -s -X POST "$url/berita/_flush" >/dev/null
local_bytes=$(du -sb "$work/index" | cut -f1)
cluster_bytes=$(curl -s "$url/berita/_stats/store" | python3 -c "import json,sys; print(json.load(sys.stdin)['_all']['primaries']['store']['size_in_bytes'])")
rules=$(curl -s "$url/berita/_settings" | python3 -c "import json,sys; s=json.load(sys.stdin)['berita']['settings']['index']['analysis']['filter']; print(len(s['warta_stems']['rules']))")

# Known-item search on both sides, the same flags: the default (learned), then the
# coverage stage alone (--no-learned).
flags=(query --batch --match any --fields body --limit 10 --no-snippets)
queries=$eval_dir/known_item_dev/queries.tsv
t=$(now); "$warta" --index "$work/index" "${flags[@]}" --no-learned < "$queries" > "$work/local.jsonl" || true; local_q_s=$(since "$t")
t=$(now); "$warta" "${flags[@]}" --no-learned --opensearch "$url/berita" < "$queries" > "$work/cluster.jsonl" || true; cluster_q_s=$(since "$t")
t=$(now); "$warta" --index "$work/index" "${flags[@]}" < "$queries" > "$work/local-learned.jsonl" || true; local_l_s=$(since "$t")
t=$(now); "$warta" "${flags[@]}" --opensearch "$url/berita" < "$queries" > "$work/cluster-learned.jsonl" || true; cluster_l_s=$(since "$t")
# The same without the second stage (coverage), on both sides: BM25 alone.
"$warta" --index "$work/index" "${flags[@]}" --coverage 0 < "$queries" > "$work/local-bm25.jsonl" || true
"$warta" "${flags[@]}" --coverage 0 --opensearch "$url/berita" < "$queries" > "$work/cluster-bm25.jsonl" || true
for side in local cluster local-bm25 cluster-bm25 local-learned cluster-learned; do
  python3 - "$work/$side.jsonl" > "$work/$side.trec" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    answer = json.loads(line)
    for rank, hit in enumerate(answer.get("hits", []), 1):
        print(answer["qid"], "Q0", hit["id"], rank, f'{hit["score"]:.6f}', "warta")
PY
  python3 "$eval_dir/score.py" "$work/$side.trec" "$eval_dir/known_item_dev/qrels.txt" > "$work/$side.score"
done

# Analysis agreement: warta analyze (one line of terms per line) against _analyze.
for set in held_out seen; do
  "$warta" analyze < "$work/$set.txt" > "$work/$set.warta"
done
python3 - "$work" "$url" "$index_s" "$export_s" "$reexport_s" "$articles" "$local_bytes" "$cluster_bytes" \
  "$local_q_s" "$cluster_q_s" "$rules" "$local_l_s" "$cluster_l_s" <<'PY'
import collections, difflib, json, re, sys, urllib.request
work, url = sys.argv[1], sys.argv[2]
index_s, export_s, reexport_s = map(float, sys.argv[3:6])
articles, local_bytes, cluster_bytes = map(int, sys.argv[6:9])
local_q_s, cluster_q_s = map(float, sys.argv[9:11])
rules = int(sys.argv[11])
local_l_s, cluster_l_s = map(float, sys.argv[12:14])

def analyze(index, text):
    request = urllib.request.Request(f"{url}/{index}/_analyze", method="POST",
        data=json.dumps({"field": "body", "text": text}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return [t["token"] for t in json.load(answer)["tokens"]]

def agreement(name, index):
    texts = open(f"{work}/{name}.txt", encoding="utf-8").read().splitlines()
    terms = open(f"{work}/{name}.warta", encoding="utf-8").read().splitlines()
    equal = total = whole = 0
    differ = collections.Counter()
    for text, local in zip(texts, terms):
        a, b = local.split(), analyze(index, text)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        same = sum(block.size for block in matcher.get_matching_blocks())
        equal += same; total += max(len(a), len(b)); whole += a == b
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                differ[(" ".join(a[i1:i2]), " ".join(b[j1:j2]))] += 1
    with open(f"{work}/{name}.differences", "w", encoding="utf-8") as out:
        for (x, y), n in differ.most_common():
            out.write(f"{n}\t{x}\t{y}\n")
    return equal / max(total, 1), whole / max(len(texts), 1), total, len(texts)

held = agreement("held_out", "heldout")
seen = agreement("seen", "berita")

def metrics(side):
    out = {}
    for line in open(f"{work}/{side}.score"):
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(("@10", "@100")):
            out[parts[0]] = float(parts[-1])
    return out

def hits(side):
    return {json.loads(l)["qid"]: [h["id"] for h in json.loads(l).get("hits", [])]
            for l in open(f"{work}/{side}.jsonl", encoding="utf-8")}

def agreement_of(a, b):
    lh, ch = hits(a), hits(b)
    overlap = [len(set(lh[q]) & set(ch.get(q, []))) / max(len(lh[q]), len(ch.get(q, [])), 1) for q in lh]
    first = [bool(lh[q]) and ch.get(q, [None])[:1] == lh[q][:1] for q in lh]
    return overlap, first, len(lh)

local, cluster = metrics("local"), metrics("cluster")
local_bm25, cluster_bm25 = metrics("local-bm25"), metrics("cluster-bm25")
overlap, first, n = agreement_of("local", "cluster")
overlap_bm25, first_bm25, _ = agreement_of("local-bm25", "cluster-bm25")
overlap_l, first_l, _ = agreement_of("local-learned", "cluster-learned")

def scores(side):
    return {json.loads(l)["qid"]: {h["id"]: h["score"] for h in json.loads(l).get("hits", [])}
            for l in open(f"{work}/{side}.jsonl", encoding="utf-8")}

# The second stage's factor (score with coverage / score without) of each hit found
# by both sides in both runs: the same share and exponent give the same factor.
factors = []
sl, sc, slb, scb = scores("local"), scores("cluster"), scores("local-bm25"), scores("cluster-bm25")
for q in sl:
    for d in sl[q]:
        if d in slb.get(q, {}) and d in sc.get(q, {}) and d in scb.get(q, {}) and slb[q][d] and scb[q][d]:
            factors.append(abs(sl[q][d] / slb[q][d] - sc[q][d] / scb[q][d]))

rows = [
    ("articles", f"{articles:,}", ""),
    ("index (local) / export (cluster), wall s", f"{index_s:.1f}", f"{export_s:.1f}"),
    ("articles/s", f"{articles / index_s:,.0f}", f"{articles / export_s:,.0f}"),
    ("re-export, nothing changed, wall s", "", f"{reexport_s:.1f}"),
    ("index size, MB", f"{local_bytes / 1e6:.1f}", f"{cluster_bytes / 1e6:.1f}"),
    ("stem rules in the cluster's analyser", "", f"{rules:,}"),
    (f"MRR@10, known_item_dev ({n} queries), coverage stage", f"{local.get('MRR@10', 0):.4f}", f"{cluster.get('MRR@10', 0):.4f}"),
    ("Recall@10", f"{local.get('Recall@10', 0):.4f}", f"{cluster.get('Recall@10', 0):.4f}"),
    ("batch of known-item queries, wall s", f"{local_q_s:.1f}", f"{cluster_q_s:.1f}"),
    ("top-10 overlap, mean", "", f"{sum(overlap) / n:.3f}"),
    ("same first hit", "", f"{sum(first) / n:.3f}"),
    (f"  coverage factor equal (within 1e-4), of {len(factors):,} hits", "", f"{sum(f < 1e-4 for f in factors) / max(len(factors), 1):.3f}"),
    (f"MRR@10, default: the learned second stage", f"{metrics('local-learned').get('MRR@10', 0):.4f}", f"{metrics('cluster-learned').get('MRR@10', 0):.4f}"),
    ("  batch of known-item queries, wall s", f"{local_l_s:.1f}", f"{cluster_l_s:.1f}"),
    ("  top-10 overlap, mean", "", f"{sum(overlap_l) / n:.3f}"),
    ("  same first hit", "", f"{sum(first_l) / n:.3f}"),
    ("MRR@10, BM25 alone (--coverage 0)", f"{local_bm25.get('MRR@10', 0):.4f}", f"{cluster_bm25.get('MRR@10', 0):.4f}"),
    ("  top-10 overlap, mean", "", f"{sum(overlap_bm25) / n:.3f}"),
    ("  same first hit", "", f"{sum(first_bm25) / n:.3f}"),
    (f"tokens equal, held-out sentences ({held[3]:,}; {held[2]:,} tokens)", "", f"{held[0]:.4f}"),
    ("  sentences equal throughout", "", f"{held[1]:.4f}"),
    (f"tokens equal, exported sentences ({seen[3]:,}; {seen[2]:,} tokens)", "", f"{seen[0]:.4f}"),
    ("  sentences equal throughout", "", f"{seen[1]:.4f}"),
]
print(f"| {'measure':<58} | {'local':>10} | {'OpenSearch':>10} |")
print(f"|{'-' * 60}|{'-' * 11}:|{'-' * 11}:|")
for name, a, b in rows:
    print(f"| {name:<58} | {a:>10} | {b:>10} |")
print(f"\ncommonest differences on held-out sentences (count, warta, OpenSearch): {work}/held_out.differences")
for line in open(f"{work}/held_out.differences", encoding="utf-8").readlines()[:15]:
    print("  " + line.rstrip("\n"))
PY
