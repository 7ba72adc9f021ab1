#!/usr/bin/env python3
"""List the words that news text writes as names: capitalised in the middle of a
sentence nearly every time.

    python3 make_names.py ../../../../shared/corpus/large/clickid_articles.jsonl.gz > names.txt

A word counts in the middle of a sentence when the word before it is on the same line
and does not end a sentence. A word is listed when it is seen there at least MIN_SEEN
times, capitalised at least SHARE of them, and is not a root of roots.txt (a root
capitalised mid-sentence is mostly part of a name, "Kota Bekasi", and is no name
itself). The analyser treats a listed word as a name wherever it stands, as it treats
any word capitalised mid-sentence: "Pemalang" and "Tarakan" stay whole in a headline
or a lower-case query as they do in the text.
"""
import collections
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MIN_SEEN = 5
SHARE = 0.95
WORD = re.compile(r"[A-Za-z]+|[.!?\n]")


def read_roots():
    roots = set()
    for line in open(os.path.join(HERE, "roots.txt"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            roots.add(line.split("\t")[0].strip())
    return roots


def counts(bodies):
    """How often each word is seen mid-sentence, and how often capitalised there."""
    capital, seen = collections.Counter(), collections.Counter()
    for body in bodies:
        previous = "."
        for token in WORD.findall(body):
            if token in ".!?\n":
                previous = "."
                continue
            if previous != ".":
                word = token.lower()
                seen[word] += 1
                if token[0].isupper() and not token.isupper():
                    capital[word] += 1
            previous = token
    return capital, seen


def listed(capital, seen, roots, min_seen=MIN_SEEN, share=SHARE):
    """The words the rule lists as names."""
    return {
        w
        for w, n in seen.items()
        if len(w) >= 3 and w not in roots and n >= min_seen and capital[w] >= share * n
    }


def main():
    roots = read_roots()
    opener = gzip.open if sys.argv[1].endswith(".gz") else open
    with opener(sys.argv[1], "rt", encoding="utf-8") as f:
        capital, seen = counts(json.loads(line).get("body", "") for line in f)
    print("# Words news text writes as names: capitalised mid-sentence at least 95% of the")
    print(f"# {MIN_SEEN} or more times seen there, and not roots. Mined by make_names.py from the")
    print("# CLICK-ID corpus of Indonesian news (Andika William and Yunita Sari, Data in Brief")
    print("# 2020, DOI 10.17632/k42j7x2kpn.1, CC BY 4.0): counts only, no text copied.")
    for word in sorted(listed(capital, seen, roots)):
        print(word)

if __name__ == "__main__":
    main()
