#!/usr/bin/env python3
"""Keyword queries as people type them (1-4 words), drawn from the corpus's headlines.

  python3 bench/keyword_queries.py CORPUS[.gz] STOPWORDS > queries.tsv

Writes `qid<TAB>query` lines: the 30 most frequent headline words, the 30 most
frequent pairs of adjacent headline words, the 20 most frequent runs of three and the
20 most frequent runs of four (100 queries). Words are lowercased runs of letters and
digits; stop words (warta's list) and one-character words are left out, and a run
never spans a left-out word, so every query reads like something a person would type.
Ties are broken alphabetically, so the set is the same on every machine.
"""
import collections, gzip, json, re, sys

COUNTS = {1: 30, 2: 30, 3: 20, 4: 20}


def main():
    corpus, stopwords = sys.argv[1], sys.argv[2]
    stop = {w.strip() for w in open(stopwords, encoding="utf-8")
            if w.strip() and not w.startswith("#")}
    opener = gzip.open if corpus.endswith(".gz") else open
    grams = {n: collections.Counter() for n in COUNTS}
    with opener(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            words = re.findall(r"\w+", json.loads(line)["title"].lower())
            runs, run = [], []
            for w in words + [""]:
                if len(w) > 1 and w not in stop and not w.isdigit():
                    run.append(w)
                elif run:
                    runs.append(run)
                    run = []
            for run in runs:
                for n in COUNTS:
                    for i in range(len(run) - n + 1):
                        grams[n][" ".join(run[i:i + n])] += 1
    qid = 0
    for n, count in COUNTS.items():
        ranked = sorted(grams[n].items(), key=lambda kv: (-kv[1], kv[0]))
        for text, _ in ranked[:count]:
            qid += 1
            print(f"k{qid}\t{text}")


if __name__ == "__main__":
    main()
