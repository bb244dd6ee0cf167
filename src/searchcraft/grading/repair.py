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
    """Put :class:`KeepFirstGradeCell` at the start of nbgrader's sanitising steps in ``config``."""
    from nbgrader.converters.autograde import Autograde

    steps = config.Autograde.get("sanitize_preprocessors") or list(
        Autograde.class_traits()["sanitize_preprocessors"].default())
    if KeepFirstGradeCell not in steps:
        config.Autograde.sanitize_preprocessors = [KeepFirstGradeCell, *steps]
