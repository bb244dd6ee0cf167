"""Repairs nbgrader needs before it can grade a damaged submission.

Why: when a learner copies a graded cell, nbgrader's ``DeduplicateIds`` empties the copy's
metadata and its own metadata check then rejects the whole notebook ("old version of the nbgrader
metadata format"), so the learner gets nothing. :class:`KeepFirstGradeCell` turns every later copy
into an ordinary cell first; the first copy is graded, and :mod:`~searchcraft.grading.diagnose`
flags the submission for the tutor.

Example::

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> meta = {"nbgrader": {"grade_id": "q1", "grade": True, "schema_version": 3}}
    >>> nb = new_notebook(cells=[new_code_cell("a", metadata=meta), new_code_cell("a", metadata=meta)])
    >>> nb, _ = KeepFirstGradeCell().preprocess(nb, {})
    >>> ["nbgrader" in c.metadata for c in nb.cells]
    [True, False]
"""

from __future__ import annotations

import copy

from nbgrader.preprocessors import NbGraderPreprocessor


class KeepFirstGradeCell(NbGraderPreprocessor):
    """Drop nbgrader metadata from every cell that repeats an earlier cell's grade id."""

    def preprocess(self, nb, resources):
        seen: set[str] = set()
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if not grade_id:
                continue
            if grade_id in seen:
                cell.metadata = copy.deepcopy(cell.metadata)
                del cell.metadata["nbgrader"]
            seen.add(grade_id)
        return nb, resources


def with_repairs(config) -> None:
    """Put :class:`KeepFirstGradeCell` and :class:`RestoreCellRoles` at the start of nbgrader's
    sanitising steps in ``config``."""
    from nbgrader.converters.autograde import Autograde

    steps = config.Autograde.get("sanitize_preprocessors") or list(
        Autograde.class_traits()["sanitize_preprocessors"].default())
    if KeepFirstGradeCell not in steps:
        steps = [KeepFirstGradeCell, *steps]
    if RestoreCellRoles not in steps:
        steps.insert(steps.index(KeepFirstGradeCell) + 1, RestoreCellRoles)
    config.Autograde.sanitize_preprocessors = steps


class RestoreCellRoles(NbGraderPreprocessor):
    """Put back each graded or read-only cell's role (test, answer, read-only) from the gradebook.

    Why: a learner who turns a test cell into an answer cell (``solution: true``, unlocked) makes
    nbgrader keep their own "test" or stop with "Please see the above traceback" and no traceback,
    zeroing the whole notebook. Here the original role is restored before nbgrader's
    ``OverwriteCells`` puts the original source back, so the rest is graded as usual; what changed is
    recorded in the notebook's ``searchcraft.converted`` metadata for the tutor.
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        info = resources.get("nbgrader", {})
        try:
            with Gradebook(info["db_url"]) as book:
                source = book.find_notebook(info["notebook"], info["assignment"])
                cells = {c.name: c for c in source.source_cells}
                grades = {c.name: c.max_score for c in source.grade_cells}
                solutions = {c.name for c in source.solution_cells}
                tasks = {c.name for c in source.task_cells}
        except (KeyError, MissingEntry):
            return nb, resources
        converted = []
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if not isinstance(meta, dict) or meta.get("grade_id") not in cells:
                continue
            grade_id = meta["grade_id"]
            original = cells[grade_id]
            expected = {"grade": grade_id in grades, "solution": grade_id in solutions,
                        "task": grade_id in tasks}
            changes = [f"{key}: {expected[key]} → {bool(meta.get(key))}" for key in expected
                       if bool(meta.get(key)) != expected[key]]
            if cell.cell_type != original.cell_type:
                changes.append(f"cell type: {original.cell_type} → {cell.cell_type}")
            if not changes:
                continue
            converted.append({"cell": grade_id, "changed": changes})
            meta.update(expected)
            if expected["grade"] and not expected["solution"]:
                meta["locked"] = True  # a test cell is always read-only
            if grade_id in grades:
                meta["points"] = grades[grade_id]
            if cell.cell_type != original.cell_type:
                cell.cell_type = original.cell_type
                if original.cell_type == "code":
                    cell.setdefault("outputs", [])
                    cell.setdefault("execution_count", None)
                else:
                    cell.pop("outputs", None)
                    cell.pop("execution_count", None)
        if converted:
            nb.metadata.setdefault("searchcraft", {})["converted"] = converted
        return nb, resources
