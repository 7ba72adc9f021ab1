#!/usr/bin/env python3
"""Regenerate roots.txt from the LibreOffice Indonesian Hunspell dictionary.

    python3 make_roots.py /usr/share/hunspell/id_ID.aff /usr/share/hunspell/id_ID.dic > roots.txt

Keeps every entry of three letters or more, lowercased, with its affix flags reduced
to the prefix families they allow,
except entries that are regular derivations of another entry: a word that the .aff
rules generate from another entry's flags (besaran from besar/-an) and that carries no
affix flags of its own, and bound stems marked NEEDAFFIX (ketahu). A derived entry that does carry flags is a base the
dictionary builds on (pelajar, sekitar, mereka) and so is treated as lexicalised.
"""
import collections
import re
import sys


def flags(s):
    return [s[i:i + 2] for i in range(0, len(s), 2)]


def load_rules(path):
    rules = collections.defaultdict(list)
    for line in open(path, encoding="latin-1"):
        p = line.split("#")[0].split()
        if len(p) < 4 or p[0] not in ("PFX", "SFX"):
            continue
        if p[2] in ("Y", "N") and p[3].isdigit() and len(p) == 4:
            continue
        strip = "" if p[2] == "0" else p[2]
        add, _, cont = p[3].partition("/")
        add = "" if add == "0" else add
        cond = p[4] if len(p) > 4 else "."
        cond = re.sub(r"\[\^([^\]]*)\]", lambda m: "[^" + m.group(1).replace("^", "") + "]", cond)
        rx = re.compile(("^" + cond) if p[0] == "PFX" else (cond + "$"))
        rules[p[1]].append((p[0], strip, add, flags(cont), rx))
    return rules


def expand(rules, word, fl):
    """All forms one suffix and/or one prefix away (circumfix limits ignored)."""
    out, bases = set(), [(word, fl)]
    for f in fl:
        for kind, strip, add, cont, rx in rules.get(f, []):
            if kind == "SFX" and rx.search(word) and word.endswith(strip):
                form = word[: len(word) - len(strip)] + add
                out.add(form)
                bases.append((form, fl + cont))
    for base, fls in bases:
        for f in fls:
            for kind, strip, add, cont, rx in rules.get(f, []):
                if kind == "PFX" and rx.search(word) and base.startswith(strip):
                    out.add(add + base[len(strip):])
    out.discard(word)
    return out


def main(aff, dic):
    rules = load_rules(aff)
    entries = {}
    for line in open(dic, encoding="latin-1").read().split("\n")[1:]:
        word, _, fl = line.strip().partition("/")
        if word:
            entries[word] = flags(fl)
    derived = set()
    for word, fl in entries.items():
        if len(word) <= 3:
            continue  # two- and three-letter bases make too many false derivations
        for form in expand(rules, word, fl):
            if form in entries and not entries[form]:
                derived.add(form)
    # NEEDAFFIX (A2) entries are bound stems such as "ketahu" that never stand alone.
    bound = {w for w, fl in entries.items() if "A2" in fl}
    roots = {}
    for w, fl in entries.items():
        if len(w) >= 3 and w[0].isalpha() and w not in derived | bound:
            # Upper-case flags name prefix families (B ber-, D di-, K ke-, M meN-,
            # O ku-/kau-, P peN-, R per-, S se-, T ter-): which prefixes the root takes.
            families = "".join(sorted({f[0] for f in fl if f[0] in "BDKMOPRST"}))
            key = w.lower()
            roots[key] = "".join(sorted(set(roots.get(key, "") + families)))
    print("# Indonesian root words, one per line.")
    print("# Derived from the LibreOffice Indonesian Hunspell dictionary (id_ID.dic, id_ID.aff),")
    print("# Copyright (C) 2017 Ali Ahmadi <idnux09@gmail.com>, licensed under the GNU LGPL-3.0.")
    print("# Changes: affix flags reduced to prefix families, lowercased, entries shorter")
    print("# than three letters or not starting with a letter dropped, and flagless entries")
    print("# that the .aff rules derive from another entry (regular derivations such as")
    print("# besaran) or marks as bound stems (ketahu) dropped.")
    print("# Regenerate with make_roots.py.")
    print("# Format: word, then optionally a tab and the prefix families the dictionary's")
    print("# flags allow on it (B ber-, D di-, K ke-, M meN-, O ku-/kau-, P peN-, R per-,")
    print("# S se-, T ter-).")
    for w in sorted(roots):
        print(f"{w}\t{roots[w]}" if roots[w] else w)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
