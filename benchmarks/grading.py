"""How much faster is ``searchcraft grade autograde --jobs N`` than plain ``nbgrader autograde``?

Run::

    .venv/bin/python benchmarks/grading.py                  # 100 submissions, 2 jobs
    .venv/bin/python benchmarks/grading.py --cohort 30 --jobs 2

It copies the course (``assessments/``) twice into a temporary folder, releases one assignment,
writes the same synthetic cohort into both copies (a third fully answered, a third blank, a third
half answered: :func:`searchcraft.grading.cohort.make_cohort`), then times, in one run:

* plain ``nbgrader autograde <assignment>``: nbgrader grading the submissions one after another;
* ``searchcraft grade autograde <assignment> --jobs N``.

Both use the course's ``nbgrader_config.py``, so both run every notebook in the sandbox (scratch
folder, guard before every test cell, output caps). It then
checks that the two gradebooks hold identical grades for every learner and graded cell, and prints
one table and the machine's load average (the machine may be shared). Target: at least 1.7x faster
with 2 jobs on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from searchcraft.grading.cohort import make_cohort

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def grades(gradebook: Path, assignment: str) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{gradebook}") as book:
        return {(s.student.id, f"{nb.name}/{g.name}"): float(g.score)
                for s in book.find_assignment(assignment).submissions
                for nb in s.notebooks for g in nb.grades}


def timed(command: list[str], cwd: Path) -> float:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=int, default=100, help="submissions (default 100)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--assignment", help="default: the first in assessments/source")
    args = parser.parse_args()
    assignment = args.assignment or sorted(p.name for p in (REPO / "assessments" / "source").iterdir()
                                           if p.is_dir())[0]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="sc-bench-") as temporary:
        base = Path(temporary)
        plain = base / "plain"
        shutil.copytree(REPO / "assessments", plain, ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "reports", "gradebook.db*"))
        timed([str(BIN / "nbgrader"), "generate_assignment", assignment, "--force"], plain)
        make_cohort(plain, assignment, args.cohort)
        parallel = base / "parallel"
        shutil.copytree(plain, parallel)
        print(f"Grading {args.cohort} submissions of {assignment} (sandbox on, {os.cpu_count()} CPUs)...",
              file=sys.stderr)
        plain_s = timed([str(BIN / "nbgrader"), "autograde", assignment, "--force"], plain)
        ours_s = timed([sys.executable, "-m", "searchcraft.cli", "grade", "--quiet", "autograde",
                        assignment, "--jobs", str(args.jobs)], parallel)
        same = grades(plain / "gradebook.db", assignment) == grades(parallel / "gradebook.db", assignment)
    rows = [("nbgrader autograde (one by one)", plain_s, 1.0),
            (f"searchcraft grade autograde --jobs {args.jobs}", ours_s, plain_s / ours_s)]
    print(f"| {'run':<42} | {'seconds':>8} | {'per submission':>14} | {'speed-up':>8} |")
    print(f"|{'-' * 44}|{'-' * 10}|{'-' * 16}|{'-' * 10}|")
    for name, seconds, speed in rows:
        print(f"| {name:<42} | {seconds:>8.1f} | {seconds / args.cohort:>13.2f}s | {speed:>7.2f}x |")
    print("\nLoad average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}"
          .format(*load_before, *os.getloadavg()))
    print(f"Identical grades: {'yes' if same else 'NO'}; target speed-up 1.7x: "
          f"{'met' if plain_s / ours_s >= 1.7 else 'not met'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
