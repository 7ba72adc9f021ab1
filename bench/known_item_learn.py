#!/usr/bin/env python3
"""Learns a re-rank of known-item search's best 50 hits from the archive's own headlines.

    bench/known_item_learn.py WORK [EVAL_DIR] [CORPUS]    (defaults: ../shared/eval, ../shared/corpus)

Every article's headline is a known-item query for its body, so training pairs can be
drawn from the corpus itself. This script

1. draws TRAIN_N headlines (seed TRAIN_SEED, make_sanity_queries.py as the held-out
   proxy does) whose article neither known_item_dev, the peers' sanity set nor any of
   the 1,400 headlines drawn for the held-out proxy asks for;
2. runs warta on the training, dev and held-out sets (body only, any word, top 50,
   --explain, in batch mode) and reads features of each hit from the explanation
   (first-stage score, coverage share, the body, exact-form and lede parts, the
   largest single word's part, how many query words the body and lede hold, the
   body's length);
3. fits the weights of a log-linear re-rank on the training set only (coordinate
   ascent on MRR@10; pairwise logistic regression, plain or with LambdaRank's
   weights), for several feature sets, and prints train / dev / held-out MRR@10 for
   each (dev and held-out are never used to fit). The weights warta ships
   (src/query/learned.rs) are the row "counts (shipped)", LambdaRank-weighted, L2 0.001.

WORK must hold the index and the held-out set that bench/known_item_heldout.sh makes
(run it with the same WORK first). Nothing is written outside WORK.
"""
import json
import os
import re
import subprocess
import sys

import numpy as np

TRAIN_SEED = 7
TRAIN_DRAWN = 8000
TRAIN_N = 5000
DEPTH = 50

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TERM = re.compile(r'field=(\w+), type=Str, "(.*)"\)')


def clauses(node, out, mult=1.0):
    """Every scored clause of an explanation: [field, term, boost, idf, tf part, tf, length];
    its part of the score is boost * 2.2 * idf * tf part (a phrase: field "phrase", its
    part in "boost", the rest 0)."""
    d = node.get("description", "")
    if d.startswith("TermQuery"):
        m = TERM.search((node.get("context") or [""])[0])
        idf = tfn = tf = dl = 0.0
        for c in node.get("details", []):
            if c["description"].startswith("idf"):
                idf = c["value"]
            if c["description"].startswith("freq /"):
                tfn = c["value"]
                for cc in c["details"]:
                    if cc["description"].startswith("freq,"):
                        tf = cc["value"]
                    if cc["description"].startswith("dl,"):
                        dl = cc["value"]
        out.append([m.group(1), m.group(2), mult, idf, tfn, tf, dl, node["value"] * mult])
        return
    if d.startswith("Phrase Scorer"):
        out.append(["phrase", "", mult, 0.0, 0.0, 0.0, 0.0, node["value"] * mult])
        return
    if d.startswith("Boost x"):
        mult *= float(d.split()[1][1:])
    for c in node.get("details", []) or []:
        clauses(c, out, mult)


def hit_features(hit):
    e = hit["explanation"]
    share, s1, first = 1.0, hit["score"], e
    if e["description"].startswith("coverage"):
        for c in e["details"]:
            if c["description"].startswith("share"):
                share = c["value"]
            if c["description"].startswith("first-stage"):
                s1, first = c["value"], c
    out = []
    clauses(first, out)
    return dict(id=hit["id"], s=hit["score"], s1=s1, share=share, clauses=out)


def run_set(warta, index, queries, out_path):
    """warta's best DEPTH hits for each query with their features, cached in out_path."""
    if os.path.exists(out_path):
        return [json.loads(line) for line in open(out_path, encoding="utf-8")]
    # --no-learned: the explanation then holds the first stage and the coverage share
    # (the best DEPTH hits are the first stage's either way).
    cmd = [warta, "--index", index, "query", "--batch", "--match", "any", "--fields", "body",
           "--limit", str(DEPTH), "--no-snippets", "--explain", "--no-learned"]
    answers = []
    with open(queries, encoding="utf-8") as q, \
            subprocess.Popen(cmd, stdin=q, stdout=subprocess.PIPE, text=True) as p:
        for line in p.stdout:
            a = json.loads(line)
            answers.append({"qid": a.get("qid"), "hits": [hit_features(h) for h in a.get("hits", [])]})
    with open(out_path + ".tmp", "w", encoding="utf-8") as o:
        for a in answers:
            o.write(json.dumps(a) + "\n")
    os.replace(out_path + ".tmp", out_path)
    return answers


def draw_training(eval_dir, corpus, work):
    train = os.path.join(work, "train")
    if os.path.exists(os.path.join(train, "qrels.txt")):
        return train
    drawn = os.path.join(train, "drawn")
    subprocess.run([sys.executable, os.path.join(eval_dir, "peers", "make_sanity_queries.py"),
                    os.path.join(corpus, "large", "clickid_articles.jsonl.gz"), str(TRAIN_DRAWN),
                    drawn, str(TRAIN_SEED)], check=True, stderr=subprocess.DEVNULL)
    taken_files = [os.path.join(eval_dir, "known_item_dev", "qrels.txt"),
                   os.path.join(eval_dir, "peers", "sanity", "qrels.txt"),
                   os.path.join(work, "heldout", "drawn", "qrels.txt")]
    taken = {line.split()[2] for path in taken_files for line in open(path) if line.strip()}
    queries = dict(line.rstrip("\n").split("\t", 1) for line in open(os.path.join(drawn, "queries.tsv")))
    kept = 0
    with open(os.path.join(train, "queries.tsv"), "w") as q, open(os.path.join(train, "qrels.txt"), "w") as r:
        for line in open(os.path.join(drawn, "qrels.txt")):
            qid, _, doc, _ = line.split()
            if doc in taken or kept == TRAIN_N:
                continue
            q.write(f"{qid}\t{queries[qid]}\n")
            r.write(line)
            kept += 1
    return train


# Features of a hit, each a function of the hit and the query's hits (scale-free: shares
# of the hit's own score, counts over the query's words, logs).
def summary(h):
    f = dict(body=0.0, exact=0.0, lede=0.0, other=0.0, dl=1.0, full=0.0, coord=0.0)
    bterms, eterms, lterms, per = set(), set(), set(), {}
    for field, text, mult, idf, tfn, tf, dl, v in h["clauses"]:
        key = text.lstrip("=")
        if field == "body":
            f["dl"] = dl or f["dl"]
            if text.startswith("="):
                f["exact"] += v
                eterms.add(key)
            else:
                f["body"] += v
                if key not in bterms:
                    f["full"] += 2.2 * idf * tfn
                    f["coord"] += tfn
                bterms.add(key)
        elif field == "lede":
            f["lede"] += v
            lterms.add(key)
        else:
            f["other"] += v
        per[key] = per.get(key, 0.0) + v
    f["maxc"] = max(per.values()) if per else 0.0
    f["bterms"], f["eterms"], f["lterms"] = bterms, eterms, lterms
    return f


def features(answer):
    hits = answer["hits"]
    sums = [summary(h) for h in hits]
    words = set().union(*(f["bterms"] for f in sums)) if sums else set()
    ewords = set().union(*(f["eterms"] for f in sums)) if sums else set()
    lwords = set().union(*(f["lterms"] for f in sums)) if sums else set()
    rows = []
    for h, f in zip(hits, sums):
        s1 = max(h["s1"], 1e-9)
        rows.append({
            "log_s1": np.log(s1),
            "log_share": np.log(max(h["share"], 1e-6)),
            "lede": f["lede"] / s1,
            "exact": f["exact"] / s1,
            "maxc": f["maxc"] / s1,
            "log_len": np.log(max(f["dl"], 1.0)),
            "held": len(f["bterms"]) / max(len(words), 1),
            "exact_held": len(f["eterms"]) / max(len(ewords), 1),
            "lede_held": len(f["lterms"]) / max(len(lwords), 1),
            "log_full": np.log(max(f["full"], 1e-3)),
            "log_coord": np.log(max(f["coord"], 1e-3)),
        })
    return rows


NAMES = ["log_s1", "log_share", "lede", "exact", "maxc", "log_len", "held", "exact_held", "lede_held",
         "log_full", "log_coord"]


def matrix(answers, qrels):
    """X: queries x DEPTH x features (padded), target: the index of the wanted hit or -1."""
    X = np.zeros((len(answers), DEPTH, len(NAMES)))
    valid = np.zeros((len(answers), DEPTH), dtype=bool)
    target = np.full(len(answers), -1)
    for i, a in enumerate(answers):
        for j, row in enumerate(features(a)[:DEPTH]):
            X[i, j] = [row[n] for n in NAMES]
            valid[i, j] = True
            if a["hits"][j]["id"] == qrels.get(a["qid"]):
                target[i] = j
    return X, valid, target


def mrr(X, valid, target, w):
    s = X @ w
    s = np.where(valid, s, -np.inf)
    has = target >= 0
    t = s[np.arange(len(s)), np.maximum(target, 0)]
    # Rank of the wanted hit: 1 + hits scored above it (ties counted against it, as a
    # stable sort of equal scores could put it either side).
    rank = 1 + ((s > t[:, None]) & valid).sum(axis=1)
    rr = np.where(has & (rank <= 10), 1.0 / rank, 0.0)
    return rr.mean()


def ascend(X, valid, target, w, free, rounds=4):
    """Coordinate ascent on MRR@10 (Metzler and Croft 2007): each free weight in turn is
    set to the best value on a grid around it, for a few rounds."""
    w = w.copy()
    best = mrr(X, valid, target, w)
    for _ in range(rounds):
        improved = False
        for k in free:
            for step in (1.0, 0.3, 0.1, 0.03, 0.01):
                for cand in w[k] + step * np.arange(-5, 6):
                    trial = w.copy()
                    trial[k] = cand
                    m = mrr(X, valid, target, trial)
                    if m > best + 1e-9:
                        best, w, improved = m, trial, True
        if not improved:
            break
    return w, best


def logistic(X, valid, target, w, free, l2=1e-3, steps=30, lambdas=False):
    """Pairwise logistic regression (RankNet's loss with a linear model): for each query
    whose wanted hit is among the DEPTH, every other hit should score below it. The
    first-stage score's weight is learned too (the loss depends on the scale), then
    every weight is divided by it, so the weights are in its units."""
    w = w.copy()
    has = target >= 0
    X, valid, target = X[has], valid[has], target[has]
    t = X[np.arange(len(X)), target]                     # queries x features
    D = t[:, None, :] - X                                # wanted minus each hit
    mask = valid.copy()
    mask[np.arange(len(X)), target] = False
    D = D[mask]                                          # pairs x features
    free = [0] + [k for k in free if k != 0]
    weight = np.ones(len(D))
    for _ in range(steps):
        if lambdas:
            # LambdaRank's weights (Burges 2010): a pair counts by how much MRR@10
            # would change were its two hits swapped in the current ranking.
            s = np.where(valid, X @ w, -np.inf)
            rank = 1 + (s[:, None, :] > s[:, :, None]).sum(axis=2)
            rr = np.where(rank <= 10, 1.0 / rank, 0.0)
            rt = rr[np.arange(len(X)), target]
            weight = np.abs(rt[:, None] - rr)[mask] + 1e-3
        weight = weight / weight.mean()
        # Newton's method on the mean log loss of the pairs (a handful of weights).
        p = 1.0 / (1.0 + np.exp(np.clip(D @ w, -50, 50)))   # chance each pair is wrong
        F = D[:, free]
        g = -(F * (weight * p)[:, None]).mean(axis=0) + l2 * w[free]
        H = (F * (weight * p * (1 - p))[:, None]).T @ F / len(F) + l2 * np.eye(len(free))
        step = np.linalg.solve(H, g)
        w[free] -= step
        if np.abs(step).max() < 1e-6:
            break
    return w / w[0]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    work = sys.argv[1]
    eval_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "shared", "eval")
    corpus = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "..", "shared", "corpus")
    warta = os.path.join(HERE, "target", "release", "warta")
    index = os.path.join(work, "index")
    sets = {"train": draw_training(eval_dir, corpus, work),
            "dev": os.path.join(eval_dir, "known_item_dev"),
            "held-out": os.path.join(work, "heldout")}
    data = {}
    for name, d in sets.items():
        answers = run_set(warta, index, os.path.join(d, "queries.tsv"),
                          os.path.join(work, f"ltr-{name}.jsonl"))
        qrels = {line.split()[0]: line.split()[2] for line in open(os.path.join(d, "qrels.txt"))}
        data[name] = matrix(answers, qrels)
        print(f"{name}: {len(answers)} queries", file=sys.stderr)
    base = np.zeros(len(NAMES))
    base[NAMES.index("log_s1")] = 1.0
    base[NAMES.index("log_share")] = 0.2
    first = base.copy()
    first[NAMES.index("log_share")] = 0.0
    feature_sets = {
        "coverage share": ["log_share"],
        "counts (shipped)": ["log_share", "log_len", "held", "exact_held", "lede_held"],
        "counts + full-IDF BM25": ["log_share", "log_len", "held", "exact_held", "lede_held", "log_full"],
        "all": NAMES[1:],
    }
    print("| features | fit | weights | train | dev | held-out |")
    print("|---|---|---|---:|---:|---:|")

    def row(label, how, w):
        scores = [mrr(*data[s], w) for s in ("train", "dev", "held-out")]
        weights = ", ".join(f"{NAMES[k]} {w[k]:+.3f}" for k in range(1, len(NAMES)) if w[k] != 0)
        print(f"| {label} | {how} | {weights} | " + " | ".join(f"{m:.4f}" for m in scores) + " |",
              flush=True)

    row("first stage only", "", first)
    row("coverage stage (exponent 0.2)", "", base)
    for label, names in feature_sets.items():
        free = [NAMES.index(n) for n in names]
        row(label, "coordinate ascent", ascend(*data["train"], base, free)[0])
        for l2 in (1e-3, 1e-2):
            row(label, f"pairwise logistic, L2 {l2:g}", logistic(*data["train"], base, free, l2=l2))
            row(label, f"LambdaRank-weighted, L2 {l2:g}",
                logistic(*data["train"], base, free, l2=l2, lambdas=True))

if __name__ == "__main__":
    main()
