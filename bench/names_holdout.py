#!/usr/bin/env python3
"""How well the mined names list (src/analysis/data/make_names.py) carries to text it
was not mined from: mine it from half of the corpus's articles, and check the words
that are names in the other half.

    python3 bench/names_holdout.py [CORPUS] [WARTA]
      (defaults: ../shared/corpus/large/clickid_articles.jsonl.gz, target/release/warta)

A word is a name in a half when make_names.py's rule lists it there (capitalised
mid-sentence at least SHARE of MIN_SEEN or more times, not a root). For each name of
the held-out half, a lower-case query or headline keeps it whole when the mining half
lists it too, or when the stemmer leaves it unchanged anyway (asked of `warta analyze
--explain`; a word kept only as a listed name counts as one that would stem). Printed
per rule (MIN_SEEN, SHARE): the share of held-out names that would stem ("names
stemmed"), and the share of held-out common words (capitalised mid-sentence less than
half of 5+ times) that the mining half lists as names ("common words frozen").
"""
import gzip
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../src/analysis/data"))
from make_names import counts, listed, read_roots  # noqa: E402


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "../../shared/corpus/large/clickid_articles.jsonl.gz")
    warta = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../target/release/warta")
    roots = read_roots()
    halves = ([], [])
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            halves[i % 2].append(json.loads(line).get("body", ""))
    mine_capital, mine_seen = counts(halves[0])
    test_capital, test_seen = counts(halves[1])
    names = listed(test_capital, test_seen, roots, 5, 0.95)
    common = {w for w, n in test_seen.items()
              if n >= 5 and len(w) >= 3 and test_capital[w] < 0.5 * n}
    words = sorted(names)
    out = subprocess.run([warta, "analyze", "--no-stop", "--explain"], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    stems = {}
    for row in out:
        fields = row.split("\t")
        if len(fields) >= 4:
            stems[fields[1]] = fields[2] != fields[1] or "proper name" in fields[3]
    print(f"held-out names: {len(names)}, held-out common words: {len(common)}")
    print("min_seen share  listed  names_stemmed  common_words_frozen")
    for min_seen in (2, 3, 5):
        for share in (0.9, 0.95, 1.0):
            mined = listed(mine_capital, mine_seen, roots, min_seen, share)
            stemmed = [w for w in words if w not in mined and stems.get(w, False)]
            frozen = [w for w in common if w in mined]
            print(f"{min_seen:8} {share:5.2f} {len(mined):7} {100 * len(stemmed) / len(names):12.2f}% "
                  f"{100 * len(frozen) / len(common):18.3f}%")


if __name__ == "__main__":
    main()
