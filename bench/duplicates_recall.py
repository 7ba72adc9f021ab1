#!/usr/bin/env python3
"""Near-duplicate recall of `warta duplicates` against the true shingle similarity.

  python3 bench/duplicates_recall.py CORPUS_JSONL_GZ NAME=DUPLICATES_OUTPUT ...

Each DUPLICATES_OUTPUT is what `warta --index IDX duplicates` printed for an index of
CORPUS (one group a line: the canonical id, a tab, its copies separated by spaces). The truth
is every pair of bodies of 40 words or more whose sets of 3-word shingles (words as
warta folds them, approximately: NFKD, accents dropped, lower case, split on anything
not a letter or digit) have a Jaccard similarity of 0.8 or more, and are not the same
words (exact copies are found by the body hash, whatever the signature). Candidate
pairs are those sharing 5 or more shingles that occur in at most 200 bodies; their
similarity is then computed exactly. A truth pair is found when both articles are in
one group. Prints, per output: pairs found, recall, and the reported pairs below 0.8.
"""
import collections, gzip, itertools, json, re, sys, unicodedata

SPLIT = re.compile(r"[^0-9a-z]+")


def words_of(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return [w for w in SPLIT.split(text) if w]


def main():
    corpus, outputs = sys.argv[1], sys.argv[2:]
    shingles, words_key = {}, {}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            words = words_of(rec.get("body") or "")
            if len(words) < 40:
                continue
            shingles[rec["id"]] = {hash(tuple(words[i:i + 3])) for i in range(len(words) - 2)}
            words_key[rec["id"]] = hash(tuple(words))
    postings = collections.defaultdict(list)
    for doc, s in shingles.items():
        for h in s:
            postings[h].append(doc)
    shared = collections.Counter()
    for docs in postings.values():
        if 1 < len(docs) <= 200:
            for a, b in itertools.combinations(sorted(docs), 2):
                shared[(a, b)] += 1
    truth = {}
    for (a, b), n in shared.items():
        if n < 5 or words_key[a] == words_key[b]:
            continue
        sa, sb = shingles[a], shingles[b]
        j = len(sa & sb) / len(sa | sb)
        if j >= 0.8:
            truth[(a, b)] = j
    print(f"{len(shingles)} bodies of 40+ words; {len(truth)} near pairs at Jaccard >= 0.8")
    for spec in outputs:
        name, path = spec.split("=", 1)
        group_of, reported = {}, []
        for n, line in enumerate(open(path, encoding="utf-8")):
            ids = line.split()
            for i in ids:
                group_of[i] = n
            reported += [tuple(sorted((ids[0], c))) for c in ids[1:]]
        found = sum(1 for (a, b) in truth if a in group_of and group_of.get(a) == group_of.get(b))
        low = 0
        for a, b in reported:
            if a in shingles and b in shingles and words_key[a] != words_key[b]:
                sa, sb = shingles[a], shingles[b]
                low += len(sa & sb) / len(sa | sb) < 0.8
        print(f"{name}: {len(group_of) - len(set(group_of.values()))} copies in "
              f"{len(set(group_of.values()))} groups; recall {found}/{len(truth)} = "
              f"{found / max(len(truth), 1):.3f}; reported near pairs below 0.8: {low}")


if __name__ == "__main__":
    main()
