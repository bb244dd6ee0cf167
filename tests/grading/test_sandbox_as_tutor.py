"""The sandbox as a tutor without root runs it: user namespaces instead of a second uid.

A throwaway, otherwise unused uid (no account needed: ``setpriv`` switches to it) grades an honest
learner beside one whose notebook leaves links to a file outside the course and to the gradebook.
The honest learner earns every automatic mark, the links are refused and reported, and the outside
file and the gradebook are untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support import ON_CI, REPO, require, require_executable

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

TUTOR_UID = 62017  # not in /etc/passwd: a tutor account nobody else uses
ASSIGNMENT = "search-05-boolean-logic"

SCRIPT = textwrap.dedent('''
    import json, os, sys
    from pathlib import Path
    from searchcraft.grading import Course
    from searchcraft.grading.cohort import answered_notebook, read_assignment, solution_ids, write_submission

    root, outside = Path(sys.argv[1]), Path(sys.argv[2])
    course = Course(root)
    (name, (source, release)), = list(read_assignment(root, "{assignment}").items())[:1]
    write_submission(root, "honest", "{assignment}", {{name: answered_notebook(source, release)}})
    attack = answered_notebook(source, release)
    first = solution_ids(release)[0]
    for cell in attack.cells:
        if cell.metadata.get("nbgrader", {{}}).get("grade_id") == first:
            cell.source = ("import os\\nos.symlink(%r, 'outside.txt')\\nos.symlink(%r, 'gradebook.db')\\n"
                           % (str(outside), str(root / "gradebook.db"))) + cell.source
    write_submission(root, "linker", "{assignment}", {{name: attack}})
    outcome = course.autograde("{assignment}", jobs=1)
    print("RESULT", json.dumps({{r.student: [r.score, [i.kind for i in r.issues],
                                             [i.message for i in r.issues]] for r in outcome.results}}))
''').format(assignment=ASSIGNMENT)


def tutor_python(prefix: list[str], folder: Path) -> str | None:
    """A Python the tutor uid can run with the kit installed: this one, or (when this one lives
    where only root can reach, e.g. under /root/.pyenv) the system's same-version Python in a
    virtual environment that adds this environment's packages."""
    def runs(python: str) -> bool:
        done = subprocess.run(prefix + ["env", "-i", "HOME=/tmp", python, "-c",
                                        "import searchcraft, nbgrader"], capture_output=True)
        return done.returncode == 0

    if runs(sys.executable):
        return sys.executable
    system = shutil.which(f"python{sys.version_info.major}.{sys.version_info.minor}", path="/usr/bin:/bin")
    if system is None:
        return None
    venv = folder / "tutor-venv"
    subprocess.run([system, "-m", "venv", "--without-pip", str(venv)], check=True)
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    inner = next((venv / "lib").glob("python*/site-packages"))
    (inner / "searchcraft-kit.pth").write_text(f"import site; site.addsitedir({str(site)!r})\n")
    python = str(venv / "bin" / "python")
    return python if runs(python) else None


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def tutor_folder():
    """A folder the tutor uid can reach (pytest's own temporary folders are root-only)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sc-tutor-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_tutor_without_root_grades_in_the_sandbox(tutor_folder):
    tmp_path = tutor_folder
    require_executable("nbgrader")
    require(shutil.which("bwrap") is not None and shutil.which("setpriv") is not None,
            "bubblewrap and setpriv")
    if os.geteuid() != 0:
        # Already not root: this very process is the non-root tutor.
        prefix: list[str] = []
    else:
        prefix = ["setpriv", f"--reuid={TUTOR_UID}", f"--regid={TUTOR_UID}", "--clear-groups"]
    probe = subprocess.run(prefix + ["bwrap", "--unshare-user", "--ro-bind", "/", "/", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0 and not ON_CI:
        pytest.skip(f"unprivileged user namespaces are not allowed here: {probe.stderr.strip()}")
    from searchcraft.practice.bundled import build_bundled

    python = tutor_python(prefix, tmp_path)
    require(python is not None, "a Python the non-root tutor can run")

    home = tmp_path / "tutor-home"
    root = home / "course"
    shutil.copytree(REPO / "assessments", root, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db*"))
    from searchcraft.grading import Course

    Course(root).release(ASSIGNMENT)  # no learner code runs here; grading is the tutor's
    database = home / "practice.sqlite"
    shutil.copyfile(build_bundled(progress=False), database)
    outside = tmp_path / "outside.txt"
    outside.write_text("CANARY outside the course\n")
    (home / "grade.py").write_text(SCRIPT)
    for path in [home, *home.rglob("*")]:
        os.lchown(path, TUTOR_UID if prefix else os.geteuid(), TUTOR_UID if prefix else os.getegid())
    before = digest(outside)
    env = {"PATH": f"{Path(python).parent}:/usr/bin:/bin", "HOME": str(home),
           "SEARCHCRAFT_PRACTICE_DB": str(database), "LANG": "C.UTF-8", "TMPDIR": str(home)}
    done = subprocess.run(prefix + [python, str(home / "grade.py"), str(root), str(outside)],
                          capture_output=True, text=True, env=env, cwd=home, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(row for row in done.stdout.splitlines() if row.startswith("RESULT "))
    results = json.loads(line[len("RESULT "):])
    honest_score, honest_issues, _ = results["honest"]
    assert honest_score > 0 and honest_issues == [], json.dumps(results)[:1500]
    linker_score, linker_issues, messages = results["linker"]
    assert linker_score == honest_score  # the links cost nothing else, and gained nothing
    assert "refused file" in linker_issues
    assert any("outside.txt" in m and "gradebook.db" in m for m in messages)
    assert digest(outside) == before
    import sqlite3

    with sqlite3.connect(root / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    returned = [p for p in (root / "autograded" / "linker").rglob("*")]
    assert all(not p.is_symlink() for p in returned)
    assert all(b"CANARY" not in p.read_bytes() for p in returned if p.is_file())
