"""How fast is the practice database? Index build rate and count() latency, against raw FTS5.

Run::

    .venv/bin/python benchmarks/search.py                        # 10k and 100k records
    .venv/bin/python benchmarks/search.py --sizes 10000,100000,1000000
    .venv/bin/python benchmarks/search.py --build-only               # index build rates only

For each size it writes synthetic records to a JSON Lines file, then times two builds from that
file: ours (``build_file``: records table, coded index, headings) and a raw SQLite FTS5 baseline
(the same text, read from the same file, inserted into one plain FTS5 table with default
settings), so the build rates are compared in the same run and under the same machine load (the
1-minute load average is printed with each). Then it times ``count()`` for typical strategies (a
phrase, truncation, field tags with a date range, exploded and major headings, a whole strategy in one
line, and a 10-line search history), and the same searches written by hand as raw SQLite FTS5
MATCH queries on the same index, as the baseline. It prints a build table and a search table.

Records come from ``searchcraft.practice.corpus.generate_records`` when the corpus package has it,
otherwise from the small generator below. The search terms are picked from the data (frequent
words and word pairs, a heading with narrower headings) so the queries find records whatever the
generator.

Targets: count p50 < 50 ms for a 10-line history at 1M records, within 2x of raw FTS5, and an
index build rate of at least 20,000 records/s. The build table also gives records per CPU second
(all threads and the index-writing child process), which a busy machine disturbs far less than the
wall clock: compare those when the load average is above the number of cores.

``--records DIR`` keeps the generated JSON Lines files and reuses them, so a second run (or a run
of an older checkout with ``PYTHONPATH=old/src``) builds from the very same records.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

from searchcraft.practice import PracticeDatabase, SearchHistory, Vocabulary
from searchcraft.practice.build import build_file
from searchcraft.practice.indexing import tree_code
from searchcraft.practice.tokenise import words

# -- a small synthetic generator (used when the corpus package has none) ----------------------------
_TOPIC_WORDS = ("falls exercise older adults hip fracture hand hygiene nursing home care dementia "
                "patients randomised randomized trial prevention intervention balance strength "
                "training programme program community hospital staff compliance infection control "
                "self management education outcomes quality life mortality risk factors review "
                "systematic meta analysis cohort study pain depression anxiety stroke diabetes "
                "obesity physical activity walking mobility frailty sarcopenia vitamin supplement "
                "organisation organization behaviour behavior paediatric pediatric children "
                "adolescents mothers infants pregnancy midwifery pharmacy medication adherence").split()


def _filler(rng: random.Random, size: int = 4000) -> list[str]:
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    found: set[str] = set()
    while len(found) < size:
        found.add("".join(rng.choices(letters[:20], k=rng.randint(3, 10))))
    return sorted(found)


def local_records(count: int, seed: int = 2026, vocabulary: list[dict] | None = None
                  ) -> Iterator[dict]:
    """Synthetic records: Zipf-like words, topic phrases, headings from ``vocabulary``."""
    rng = random.Random(seed)
    lexicon = list(_TOPIC_WORDS) + _filler(rng)
    weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(lexicon))))
    headings = [h["heading"] for h in vocabulary or []] or [f"Heading {i}" for i in range(300)]
    journals = [(f"Journal of {w.title()} Research", f"J {w.title()[:4]} Res") for w in lexicon[:150]]
    surnames = [w.title() for w in lexicon[60:1060]]
    types = ["Journal Article"] * 6 + ["Review", "Randomized Controlled Trial", "Meta-Analysis"]
    for n in range(count):
        def text(k: int) -> str:
            return " ".join(rng.choices(lexicon, cum_weights=weights, k=k))
        journal, abbreviation = rng.choice(journals)
        chosen = rng.sample(headings, k=min(len(headings), rng.randint(4, 9)))
        yield {
            "id": f"syn{n:07d}",
            "title": text(rng.randint(6, 14)).capitalize(),
            "abstract": ". ".join(text(rng.randint(12, 22)) for _ in range(rng.randint(5, 9))),
            "keywords": [text(rng.randint(1, 2)) for _ in range(rng.randint(3, 6))],
            "headings": [("*" if i < 2 else "") + h for i, h in enumerate(chosen)],
            "authors": [f"{rng.choice(surnames)} {''.join(rng.choices('ABCDEFGHJKLMNPRSTW', k=rng.randint(1, 2)))}"
                        for _ in range(rng.randint(1, 7))],
            "journal": journal, "journal_abbreviation": abbreviation,
            "year": rng.randint(1985, 2025), "language": rng.choice(["eng"] * 9 + ["fre", "ger"]),
            "publication_types": [rng.choice(types)],
        }


def record_stream(count: int, generator: str = "auto") -> tuple[Iterator[dict], list[dict], str]:
    try:
        if generator == "local":
            raise ImportError
        from searchcraft.practice.corpus import generate_records, vocabulary
        return generate_records(count), vocabulary(), "corpus.generate_records"
    except ImportError:
        if generator == "corpus":
            raise
        try:
            from searchcraft.practice.corpus.vocabulary import vocabulary
            vocab = vocabulary()
        except ImportError:
            vocab = []
        return local_records(count, vocabulary=vocab), vocab, "benchmarks/search.py generator"


def write_jsonl(records: Iterator[dict], path: Path) -> list[dict]:
    """Stream records to a JSON Lines file (bounded memory); return the first 3,000 as a sample."""
    sample: list[dict] = []
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            if len(sample) < 3000:
                sample.append(record)
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return sample


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            yield json.loads(line)


# -- the raw FTS5 build baseline ------------------------------------------------------------------------
RAW_COLUMNS = ("title", "abstract", "keywords", "headings", "pubtypes", "authors", "journal",
               "language")


def raw_fts5_build(source: Path, path: Path) -> None:
    """The minimal hand-written build: each record's text into one FTS5 table, nothing else."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(RAW_COLUMNS)}, "
                 "tokenize='unicode61 remove_diacritics 2', content='', columnsize=0)")
    conn.execute("BEGIN")

    def rows() -> Iterator[tuple]:
        for rowid, r in enumerate(read_jsonl(source), 1):
            yield (rowid, r.get("title") or "", r.get("abstract") or "", " ; ".join(r.get("keywords") or []),
                   " ; ".join(r.get("headings") or []),
                   " ; ".join(r.get("publication_types") or []), " ; ".join(r.get("authors") or []),
                   f'{r.get("journal") or ""} ; {r.get("journal_abbreviation") or ""}',
                   r.get("language") or "")

    conn.executemany(f"INSERT INTO fts(rowid, {', '.join(RAW_COLUMNS)}) "
                     f"VALUES (?{', ?' * len(RAW_COLUMNS)})", rows())
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    conn.execute("COMMIT")
    conn.close()


def timed_build(build: Callable[[], object], size: int) -> tuple[float, float, float]:
    """(records/s by the wall clock, records per CPU second, 1-minute load average at the end).

    CPU time counts this process and the child processes it waited for (the index writer).
    """
    start, cpu = time.perf_counter(), cpu_seconds()
    build()
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return size / wall, size / cpu, os.getloadavg()[0]


def cpu_seconds() -> float:
    """User and system CPU time of this process and its finished children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


BUILD_ROWS: list[tuple] = []


# -- choosing search terms from the data -------------------------------------------------------------
def choose_terms(sample: list[dict], vocabulary: Vocabulary) -> dict[str, str]:
    """Search terms as a searcher would use them: words and phrases in 0.5-6% of records."""
    documents: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    for record in sample:
        tokens = words(f"{record.get('title', '')} {record.get('abstract', '')}")
        documents.update({t for t in tokens if len(t) >= 5 and t.isalpha()})
        pairs.update({p for p in pairwise(tokens) if all(len(t) >= 4 for t in p)})
    size = len(sample)
    typical = [w for w, n in documents.most_common() if 0.005 * size <= n <= 0.06 * size]
    common = typical[:: max(1, len(typical) // 60)][:60] or [w for w, _ in documents.most_common(60)]
    common += common[-1:] * (60 - len(common))
    phrases = [p for p, n in pairs.most_common() if p[0] != p[1] and n <= 0.06 * size]
    pair = phrases[0] if phrases else next(iter(pairs))
    used = collections.Counter(h.lstrip("*") for r in sample for h in r.get("headings", []))
    majors = collections.Counter(h[1:] for r in sample for h in r.get("headings", [])
                                 if h.startswith("*"))

    def spread(name: str) -> int:
        return sum(used[h.heading] for h in vocabulary.explode(name)) if name in vocabulary else 0

    parents = sorted((h.heading for h in vocabulary if vocabulary.descendants(h.heading)),
                     key=spread, reverse=True)
    moderate = [p for p in parents if spread(p) <= 0.10 * size]  # a topic, not a whole branch
    exploded = (moderate or parents or [used.most_common(1)[0][0]])[0]
    major = majors.most_common(5)[-1][0] if majors else exploded
    surname = collections.Counter(a.split()[0] for r in sample for a in r.get("authors", [])
                                  if a.split()).most_common(20)[-1][0]
    types = collections.Counter(t for r in sample for t in r.get("publication_types", []))
    excluded = next((t for t, _ in types.most_common() if t.lower() != "journal article"),
                    "Review")
    return {"pt": excluded, "w1": common[5], "w2": common[12], "w3": common[25], "w4": common[40],
            "w5": common[55], "stem": common[8][:5], "stem2": common[30][:5],
            "pair": f"{pair[0]} {pair[1]}", "heading": exploded, "major": major, "au": surname}


def strategies(t: dict[str, str], vocabulary: Vocabulary, db: PracticeDatabase
               ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(label, our query, raw FTS5 MATCH) for single queries, and the 10-line history."""
    tiab, allf = "{title abstract keywords}", "{" + " ".join(
        ("title", "abstract", "keywords", "headings", "pubtypes", "authors", "journal", "language")) + "}"

    def code(kind: str, name: str) -> str:
        return f'"{kind}{db.index.term_code(kind if kind != "mj" else "mh", " ".join(words(name)))}"'

    def explode(name: str, prefix: str) -> str:
        heading = vocabulary.lookup(name)
        trees = [tree_code(n) for n in heading.tree_numbers]
        parts = [f'"{prefix}{c}"' for c in trees] + [f'"{prefix}{c}x" *' for c in trees]
        return f"codes : ({' OR '.join(parts)})"

    years = " OR ".join(f'"dp{y}"' for y in range(2010, 2021))
    review = code("pt", t["pt"])
    single = [
        ("phrase", f'"{t["pair"]}"[tiab]', f'{tiab} : "{t["pair"]}"'),
        ("truncation", f'{t["stem"]}*[tiab]', f'{tiab} : "{t["stem"]}" *'),
        ("field tags + dates", f'{t["w1"]}[ti] AND 2010:2020[dp]',
         f'({{title}} : "{t["w1"]}") AND (codes : ({years}))'),
        ("exploded heading", f'"{t["heading"]}"[mh]', explode(t["heading"], "mt")),
        ("major heading", f'"{t["major"]}"[majr]', explode(t["major"], "jt")),
        ("author", f'{t["au"]} j[au]', f'codes : "au{words(t["au"])[0]}0j" *'),
        ("untagged words", f'{t["w2"]} {t["w3"]}',
         f'({allf} : "{t["w2"]}") AND ({allf} : "{t["w3"]}")'),
    ]
    a = [f'{t["w1"]}[tiab]', f'"{t["pair"]}"[tiab]', f'"{t["heading"]}"[mh]']
    b = [f'{t["stem2"]}*[tiab]', f'{t["w4"]}[tiab]', f'{t["w5"]}[ti]']
    ra = [f'{tiab} : "{t["w1"]}"', f'{tiab} : "{t["pair"]}"', explode(t["heading"], "mt")]
    rb = [f'{tiab} : "{t["stem2"]}" *', f'{tiab} : "{t["w4"]}"', f'{{title}} : "{t["w5"]}"']
    one_line = f'({" OR ".join(a)}) AND ({" OR ".join(b)}) NOT "{t["pt"]}"[pt]'
    raw_a = " OR ".join(f"({x})" for x in ra)
    raw_b = " OR ".join(f"({x})" for x in rb)
    single.append(("whole strategy, one line", one_line,
                   f"(({raw_a}) AND ({raw_b})) NOT (codes : {review})"))
    history = [
        (a[0], ra[0]), (a[1], ra[1]), (a[2], ra[2]), ("#1 OR #2 OR #3", raw_a),
        (b[0], rb[0]), (b[1], rb[1]), (b[2], rb[2]), ("#5 OR #6 OR #7", raw_b),
        ("#4 AND #8", f"({raw_a}) AND ({raw_b})"),
        (f'#9 NOT "{t["pt"]}"[pt]', f"(({raw_a}) AND ({raw_b})) NOT (codes : {review})"),
    ]
    return single, history


NOTES: list[str] = []


# -- timing ------------------------------------------------------------------------------------------
def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    function()  # warm the page cache
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run_size(size: int, repeats: int, workdir: Path, generator: str,
             build_only: bool = False, records_dir: Path | None = None) -> list[tuple]:
    stream, vocab_list, origin = record_stream(size, generator)
    # records are generated to a file first, so the build rate measures reading and indexing only
    source = (records_dir or workdir) / f"records-{size}-{generator}.jsonl"
    start = time.perf_counter()
    if records_dir and source.exists():  # generated by an earlier run
        sample = list(itertools.islice(read_jsonl(source), 3000))
    else:
        sample = write_jsonl(stream, source)
    generating = time.perf_counter() - start
    path = workdir / f"bench-{size}.sqlite"
    raw_path = workdir / f"raw-{size}.sqlite"
    load_before = os.getloadavg()[0]
    ours = timed_build(lambda: build_file(path, read_jsonl(source), vocab_list,
                                          progress=size >= 100_000), size)
    raw = timed_build(lambda: raw_fts5_build(source, raw_path), size)
    BUILD_ROWS.append((size, (load_before, raw[2]), ours, raw, path.stat().st_size, raw_path.stat().st_size))
    raw_path.unlink()
    if not records_dir:
        source.unlink()
    NOTES.append(f"{size:,} records from {origin} ({generating:.0f} s to generate)")
    if build_only:
        return []
    rows: list[tuple] = []
    db = PracticeDatabase.open(path)
    vocabulary = db.vocabulary
    terms = choose_terms(sample, vocabulary)
    single, history_lines = strategies(terms, vocabulary, db)
    raw_db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

    def raw_count(expression: str) -> int:
        return raw_db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?",
                              (expression,)).fetchone()[0]

    for label, query, expression in single:
        ours = timed(lambda: (db.clear_cache(), db.count(query)), repeats)  # noqa: B023 (run at once)
        baseline = timed(lambda: raw_count(expression), repeats)  # noqa: B023
        assert db.count(query) == raw_count(expression), (label, query)
        rows.append((size, label, query, f"{db.count(query):,}", *percentiles(ours),
                     percentiles(baseline)[0]))

    def run_history() -> SearchHistory:
        history = SearchHistory(db)
        for query, _ in history_lines:
            history.add(query)
        return history

    per_line: list[float] = []
    totals: list[float] = []
    for _ in range(max(3, repeats // 4)):
        db.clear_cache()  # every history starts cold: no remembered counts
        history = SearchHistory(db)
        begin = time.perf_counter()
        for query, _ in history_lines:
            step = time.perf_counter()
            history.add(query)
            per_line.append((time.perf_counter() - step) * 1000)
        totals.append((time.perf_counter() - begin) * 1000)
    raw_per_line: list[float] = []
    raw_totals: list[float] = []
    for _ in range(max(3, repeats // 4)):
        begin = time.perf_counter()
        for _, expression in history_lines:
            step = time.perf_counter()
            raw_count(expression)
            raw_per_line.append((time.perf_counter() - step) * 1000)
        raw_totals.append((time.perf_counter() - begin) * 1000)
    final = run_history()
    assert [line.count for line in final.lines] == [raw_count(e) for _, e in history_lines]
    p50, p95 = percentiles(per_line)
    rows.append((size, "10-line history, per line", "#1..#10 (see below)",
                 f"{final.lines[-1].count:,}", p50, p95, percentiles(raw_per_line)[0]))
    rows.append((size, "10-line history, all 10", "", "", *percentiles(totals),
                 percentiles(raw_totals)[0]))
    db.close()
    raw_db.close()
    print(f"\n{size:,} records, 10-line history:\n" + "\n".join(
        f"  #{n} {line.query}  ({line.count:,})" for n, line in enumerate(final.lines, 1)),
        file=sys.stderr)
    return rows


def print_builds() -> None:
    """The build table: our rate against raw FTS5's, by the wall clock and per CPU second."""
    header = ("records", "load (1 min)", "ours rec/s", "raw FTS5 rec/s", "ours / raw",
              "ours rec/CPU-s", "raw rec/CPU-s", "ours MB", "raw MB")
    table = [header] + [
        (f"{size:,}", f"{load[0]:.2f}-{load[1]:.2f}", f"{ours[0]:,.0f}", f"{raw[0]:,.0f}", f"{ours[0] / raw[0]:.2f}x",
         f"{ours[1]:,.0f}", f"{raw[1]:,.0f}", f"{ours_mb / 1e6:,.0f}", f"{raw_mb / 1e6:,.0f}")
        for size, load, ours, raw, ours_mb, raw_mb in BUILD_ROWS]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    print("Index build (records read from JSON Lines; wall clock unless marked CPU; load average "
          "before and after; target >= 20,000 records/s)")
    for n, row in enumerate(table):
        print(" | ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated record counts (default 10000,100000)")
    parser.add_argument("--repeats", type=int, default=30, help="timed runs per query")
    parser.add_argument("--keep", type=Path, help="keep the database files in this folder")
    parser.add_argument("--records", type=Path,
                        help="keep the generated records in this folder and reuse them next time")
    parser.add_argument("--build-only", action="store_true",
                        help="time the index builds only, not the searches")
    parser.add_argument("--generator", choices=("auto", "corpus", "local"), default="auto",
                        help="corpus.generate_records, this file's generator, or auto (default)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rows: list[tuple] = []
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.keep or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.records:
            args.records.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            rows.extend(run_size(size, args.repeats, workdir, args.generator, args.build_only,
                                 args.records))
            if not args.keep:
                (workdir / f"bench-{size}.sqlite").unlink(missing_ok=True)
    print_builds()
    if not rows:
        print("\n".join(NOTES))
        return 0
    header = ("records", "search", "query", "count", "p50 ms", "p95 ms", "raw FTS5 p50 ms",
              "p50 / raw")
    table = [header]
    for row in rows:
        ratio = f"{row[4] / row[6]:.2f}x" if isinstance(row[4], float) and row[6] else ""
        table.append(tuple(f"{c:.2f}" if isinstance(c, float) else str(c) for c in row) + (ratio,))
    widths = [min(60, max(len(r[i]) for r in table)) for i in range(len(header))]
    for n, row in enumerate(table):
        print(" | ".join(cell[:60].ljust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    print("\n".join(NOTES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
