"""How quickly SearchBuilder answers as a learner types, on the bundled practice corpus.

Run: ``python benchmarks/widgets.py``. Prints one table: each SearchBuilder action (through its
model, which is all the widget waits for) beside the plain ``PracticeDatabase.count`` of the same
search as the baseline, measured in the same run. "Cold" clears the database's result cache first.
The target from issue 7: a count within 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from searchcraft.widgets.models.builder import SearchBuilderModel
from searchcraft.widgets.models.practice import practice_database

TYPICAL = '("Accidental Falls"[mh] OR falls[tiab] OR fall*[tiab]) AND (exercise*[tiab] OR "tai chi"[tiab])'
HISTORY = ("falls[tiab]", "fall*[tiab]", '"Accidental Falls"[mh]', "#1 OR #2 OR #3", "exercise*[tiab]",
           '"tai chi"[tiab]', "#5 OR #6", "#4 AND #7", "aged[mh]", "#8 AND #9")
TARGET_MS = 100


def timings(action, repeats: int) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    db = practice_database()
    builder = SearchBuilderModel(db)

    def cold(action):
        def run():
            db.clear_cache()
            action()
        return run

    def history():
        built = SearchBuilderModel(db)
        for line in HISTORY:
            built.add(line)
        return built

    ten = history()
    rows = [
        ("count as you type: typical line", cold(lambda: builder.preview(TYPICAL)), cold(lambda: db.count(TYPICAL))),
        ("count as you type: nurs*", cold(lambda: builder.preview("nurs*")), cold(lambda: db.count("nurs*"))),
        ("preview #8 AND #9 in a 10-line history", cold(lambda: ten.preview("#8 AND #9")),
         cold(lambda: db.count(ten.expanded(10)))),
        ("edit line 1, re-run its dependants", cold(lambda: ten.edit(1, "falls[tiab] OR falling[tiab]")), None),
        ("build a 10-line history", cold(history), None),
    ]
    print(f"SearchBuilder on the bundled corpus ({len(db):,} records), {args.repeats} repeats; target "
          f"{TARGET_MS} ms for a count\n")
    print(f"| {'action':<40} | {'median ms':>9} | {'p95 ms':>7} | {'db.count median ms':>18} |")
    print(f"|{'-' * 42}|{'-' * 11}|{'-' * 9}|{'-' * 20}|")
    for label, action, baseline in rows:
        median, p95 = timings(action, args.repeats)
        base = f"{timings(baseline, args.repeats)[0]:.2f}" if baseline else "-"
        print(f"| {label:<40} | {median:>9.2f} | {p95:>7.2f} | {base:>18} |")


if __name__ == "__main__":
    main()
