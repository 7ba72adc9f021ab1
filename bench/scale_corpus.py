#!/usr/bin/env python3
"""Scaled copies of the large corpus for bench/run.sh.

  python3 bench/scale_corpus.py CORPUS_JSONL_GZ OUT_DIR [FACTOR ...]      (default: 1 10)

For each FACTOR N, writes under OUT_DIR:
  x{N}.jsonl   N replicas of every article, one JSON object a line;
  x{N}/        the same articles one file each, in r{NN}/{outlet}/ folders: even-numbered
               articles as `.txt` in the raw layout `title`, blank line, `body`;
               odd-numbered ones as `.json` (the record as it is).
Replica 1 is the corpus as it is; replica r > 1 has `-r{r}` appended to each id and
`?r={r}` to each url, so ids and urls stay unique. Bodies are identical in every
replica: at x10 each text occurs ten times (warta shows exact duplicates once).
Outputs already present are reused. Prints `name articles bytes` per output.
"""
import gzip, json, os, sys


def replicas(records, factor):
    for r in range(1, factor + 1):
        for i, rec in enumerate(records):
            if r == 1:
                yield r, i, rec
            else:
                copy = dict(rec)
                copy["id"] = f"{rec['id']}-r{r}"
                copy["url"] = f"{rec.get('url', '')}?r={r}"
                yield r, i, copy


def write_jsonl(records, factor, path):
    if not os.path.exists(path):
        tmp = path + ".part"
        with open(tmp, "w", encoding="utf-8") as out:
            for _, _, rec in replicas(records, factor):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    return sum(1 for _ in open(path, "rb")), os.path.getsize(path)


def write_folder(records, factor, folder):
    done = folder + ".done"
    if not os.path.exists(done):
        for r, i, rec in replicas(records, factor):
            outlet = records[i]["id"].rsplit("-", 1)[0]
            sub = os.path.join(folder, f"r{r:02d}", outlet)
            os.makedirs(sub, exist_ok=True)
            if i % 2 == 0:
                text = f"{rec['title']}\n\n{rec['body']}\n"
                name = rec["id"] + ".txt"
            else:
                text = json.dumps(rec, ensure_ascii=False)
                name = rec["id"] + ".json"
            with open(os.path.join(sub, name), "w", encoding="utf-8") as out:
                out.write(text)
        open(done, "w").close()
    files = size = 0
    for base, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(base, name))
    return files, size


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus, out_dir = sys.argv[1], sys.argv[2]
    factors = [int(f) for f in sys.argv[3:]] or [1, 10]
    os.makedirs(out_dir, exist_ok=True)
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    for n in factors:
        articles, size = write_jsonl(records, n, os.path.join(out_dir, f"x{n}.jsonl"))
        print(f"x{n}.jsonl {articles} {size}")
        files, size = write_folder(records, n, os.path.join(out_dir, f"x{n}"))
        print(f"x{n} {files} {size}")


if __name__ == "__main__":
    main()
