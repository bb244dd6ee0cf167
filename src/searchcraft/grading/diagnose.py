"""Check a submission against the released assignment before grading, and say what is wrong.

Why: nbgrader meets broken submissions every term (a deleted or duplicated grade cell, an edited test
cell, a renamed notebook, invalid JSON, an empty folder) and reacts with a traceback or a silent
zero. These checks name each problem in the tutor's words, so the batch goes on and the tutor knows
which submissions to look at by hand.

Example::

    >>> expected = {"week1": ExpectedNotebook("week1", {"q1": "abc"}, {"q1"})}
    >>> [i.kind for i in diagnose_submission("ana", Path("/nonexistent"), expected)]
    ['empty submission']
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from nbgrader.utils import compute_checksum


@dataclass(frozen=True)
class Issue:
    """One problem with one submission. ``zero`` issues mean that part earns no marks."""

    student: str
    notebook: str
    kind: str
    message: str
    zero: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ExpectedNotebook:
    """What the released notebook contains: read-only cells' checksums and the graded cells' ids."""

    name: str
    locked_checksums: dict[str, str]
    grade_ids: set[str]
    cell_ids: frozenset[str] = frozenset()


def expected_notebooks(release: Path) -> dict[str, ExpectedNotebook]:
    """The notebooks learners were given (``release/<assignment>``), as written by nbgrader."""
    out = {}
    for path in sorted(release.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        locked: dict[str, str] = {}
        grades: set[str] = set()
        known: set[str] = set()
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not meta.get("grade_id"):
                continue
            known.add(meta["grade_id"])
            if meta.get("locked") or (meta.get("grade") and not meta.get("solution")):
                locked[meta["grade_id"]] = meta.get("checksum", "")
            if meta.get("grade"):
                grades.add(meta["grade_id"])
        out[path.stem] = ExpectedNotebook(path.stem, locked, grades, frozenset(known))
    return out


def diagnose_submission(student: str, folder: Path, expected: dict[str, ExpectedNotebook]) -> list[Issue]:
    """Every problem found in one learner's submission folder (an empty list when all is well)."""
    notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if not notebooks:
        return [Issue(student, "", "empty submission",
                      f"No notebook was submitted (folder {folder} is empty or missing).", zero=True)]
    issues: list[Issue] = []
    names = {path.stem for path in notebooks}
    strays = sorted(names - set(expected))
    for name in sorted(set(expected) - names):
        if strays:
            issues.append(Issue(student, name, "renamed notebook",
                                f"{name}.ipynb is missing but {', '.join(s + '.ipynb' for s in strays)} "
                                f"was submitted; rename it to {name}.ipynb and grade again.", zero=True))
        else:
            issues.append(Issue(student, name, "missing notebook", f"{name}.ipynb was not submitted.",
                                zero=True))
    if not set(expected) - names:
        for stray in strays:
            near = [e for e in expected if stray.startswith(e) or e in stray]
            if not near:
                issues.append(Issue(student, stray, "stray notebook",
                                    f"{stray}.ipynb is not part of the assignment and is not graded."))
                continue
            graded = folder / f"{near[0]}.ipynb"
            blank = not _answered(graded)
            issues.append(Issue(
                student, near[0], "stray notebook",
                f"{stray}.ipynb was submitted beside {near[0]}.ipynb; only {near[0]}.ipynb is graded"
                + (" and it has no answers: check whether the learner's work is in the copy, rename "
                   "it and grade again." if blank else ".")))
    for path in notebooks:
        if path.stem in expected:
            issues += diagnose_notebook(student, path, expected[path.stem])
    return issues


def _answered(path: Path) -> bool:
    """True when any answer cell of the notebook differs from the released one."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return False
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and meta.get("checksum") and _checksum(cell) != meta["checksum"]:
            return True
    return False


def diagnose_notebook(student: str, path: Path, expected: ExpectedNotebook) -> list[Issue]:
    """Problems inside one submitted notebook file."""
    name = path.stem
    try:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            return [Issue(student, name, "empty notebook", f"{path.name} is an empty file.", zero=True)]
        nb = nbformat.reads(text, as_version=4)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError) as error:
        return [Issue(student, name, "invalid notebook",
                      f"{path.name} is not a readable notebook ({_first_line(error)}).", zero=True)]
    except Exception as error:  # nbformat raises several kinds for malformed notebooks
        return [Issue(student, name, "invalid notebook",
                      f"{path.name} is not a valid notebook ({_first_line(error)}).", zero=True)]
    issues: list[Issue] = []
    seen: Counter[str] = Counter()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if not grade_id:
            continue
        seen[grade_id] += 1
        if seen[grade_id] > 1:
            continue
        if grade_id in expected.locked_checksums:
            original = expected.locked_checksums[grade_id]
            if _checksum(cell) != original:
                issues.append(Issue(student, name, "edited read-only cell",
                                    f"The read-only cell '{grade_id}' was changed; nbgrader puts the "
                                    "original back before grading."))
            elif meta.get("checksum") not in (None, original):
                issues.append(Issue(student, name, "checksum changed",
                                    f"The checksum recorded for cell '{grade_id}' was edited."))
        elif (meta.get("grade") or meta.get("solution") or meta.get("locked")) and \
                grade_id not in expected.grade_ids and grade_id not in _all_ids(expected):
            issues.append(Issue(student, name, "changed cell id",
                                f"A cell has the id '{grade_id}', which is not in the released notebook "
                                "(was a cell's id edited?)."))
    for grade_id, count in sorted(seen.items()):
        if count > 1:
            issues.append(Issue(student, name, "duplicated cell",
                                f"The cell '{grade_id}' appears {count} times; nbgrader grades the first."))
    for grade_id in sorted(expected.grade_ids - set(seen)):
        issues.append(Issue(student, name, "deleted grade cell",
                            f"The graded cell '{grade_id}' was deleted or its id changed; "
                            "it earns no marks.", zero=True))
    return issues


def _all_ids(expected: ExpectedNotebook) -> set[str]:
    return set(expected.locked_checksums) | expected.grade_ids | set(expected.cell_ids)


def _checksum(cell) -> str | None:
    try:
        return compute_checksum(cell)
    except Exception:  # a cell too malformed to checksum is certainly changed
        return None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
