#!/usr/bin/env python3
"""Mine compound roots from the news corpus: two-word roots ("tindak lanjut") that news
writes closed up once an affix joins them (menindaklanjuti, penyalahgunaan,
dipertanggungjawabkan) or closed up without one (kerjasama).

    python3 make_compounds.py ../../../../shared/corpus/large/clickid_articles.jsonl.gz > compounds.txt

A word W of the corpus is taken as a closed-up compound X + Y when, after an affix
frame of Indonesian is removed from it (a prefix with its sound change, a suffix, or
both; or none at all), what is left is X followed by Y, where X and Y are roots of the
dictionary (three letters or more, each written bare in the corpus) and not
themselves one root, nor the same root twice; and the corpus writes "X Y" as two words at least MIN_PAIR times
and W at least MIN_WORD times. A compound is kept when the corpus has at least
MIN_FORMS such closed-up forms of it (different words), or the closed-up root itself;
with a function word in it, MIN_FORMS affixed forms (or one and the closed-up root).
A pair written apart only MIN_PAIR_RARE times is kept with MIN_FORMS_RARE affixed
forms (penyalahgunaan, menyalahgunakan, disalahgunakan: salah guna).
"""
import collections
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MIN_PAIR = 20
# Written apart less often, but closed up under this many different affix frames.
MIN_PAIR_RARE = 3
MIN_FORMS_RARE = 3
MIN_WORD = 2
MIN_FORMS = 2

# (prefix as written, letter the sound change removed)
PREFIXES = [
    ("", ""), ("di", ""), ("ber", ""), ("ter", ""), ("ke", ""), ("se", ""), ("per", ""),
    ("me", ""), ("mem", ""), ("mem", "p"), ("men", ""), ("men", "t"), ("meng", ""),
    ("meng", "k"), ("meny", "s"), ("pe", ""), ("pem", ""), ("pem", "p"), ("pen", ""),
    ("pen", "t"), ("peng", ""), ("peng", "k"), ("peny", "s"), ("memper", ""),
    ("diper", ""), ("pember", ""), ("keber", ""), ("keter", ""), ("pener", ""),
]
SUFFIXES = ["", "kan", "an", "i", "nya", "kannya", "annya", "inya"]


def read_list(name):
    out = set()
    for line in open(os.path.join(HERE, name), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(line.split("\t")[0])
    return out


def main():
    opener = gzip.open if sys.argv[1].endswith(".gz") else open
    words = collections.Counter()
    pairs = collections.Counter()
    with opener(sys.argv[1], "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            for field in ("title", "body"):
                tokens = re.findall(r"[a-z]+", article.get(field, "").lower())
                words.update(tokens)
                pairs.update(zip(tokens, tokens[1:]))
    roots = read_list("roots.txt") - read_list("not_roots.txt") - read_list("derived_not_roots.txt")
    # Particles close up with anything ("siapapun", "dikarenakan"), and per- + root is
    # an ordinary derivation (persatuan).
    roots = {r for r in roots if words[r] >= 2 and len(r) >= 3} - {"pun", "kan", "lah", "per"}
    # Function words close up by typing slips ("adapula", "dalamaksi"): a pair with
    # one is kept only with two affixed forms (ketidakhadiran, berlalulintas).
    function_words = read_list("stopwords.txt")
    forms = collections.defaultdict(set)
    for word, n in words.items():
        if n < MIN_WORD or len(word) < 7 or word in roots:
            continue
        for prefix, restored in PREFIXES:
            if not word.startswith(prefix):
                continue
            for suffix in SUFFIXES:
                if not word.endswith(suffix) or len(word) - len(prefix) - len(suffix) < 6:
                    continue
                body = restored + word[len(prefix):len(word) - len(suffix)]
                if body in roots:
                    continue
                for cut in range(3, len(body) - 2):
                    first, second = body[:cut], body[cut:]
                    if (
                        first != second
                        and first in roots
                        and second in roots
                        and pairs[(first, second)] >= MIN_PAIR_RARE
                    ):
                        forms[(first, second)].add(word)
    print("# Compound roots: two roots that Indonesian writes apart (tindak lanjut) and")
    print("# closed up once affixed (menindaklanjuti) or in everyday spelling (kerjasama).")
    print("# Mined by make_compounds.py from the CLICK-ID corpus of Indonesian news (Andika")
    print("# William and Yunita Sari, Data in Brief 2020, DOI 10.17632/k42j7x2kpn.1, CC BY 4.0):")
    print("# counts only, no text copied. Format: first<SPACE>second<TAB>times written apart<TAB>")
    print("# closed-up forms seen.")
    for (first, second), seen in sorted(forms.items()):
        closed = first + second
        affixed = seen - {closed}
        if pairs[(first, second)] < MIN_PAIR:
            keep = len(affixed) >= MIN_FORMS_RARE
        elif {first, second} & function_words:
            keep = len(affixed) >= MIN_FORMS or (closed in seen and affixed)
        else:
            keep = len(seen) >= MIN_FORMS or closed in seen
        if keep:
            print(f"{first} {second}\t{pairs[(first, second)]}\t{' '.join(sorted(seen))}")


if __name__ == "__main__":
    main()
