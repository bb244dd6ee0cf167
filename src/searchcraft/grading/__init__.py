"""Tutor tooling over nbgrader: release, collect, sandboxed parallel autograde, feedback, export, report.

Names are imported on first use, so a learner's notebook that only needs
``searchcraft.grading.report.evaluation_output`` does not load nbgrader.

Example::

    from searchcraft.grading import Course
    course = Course("assessments")
    course.autograde("search-05-boolean-logic", jobs=2)
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "AutogradeOutcome": ".course", "Course": ".course", "SubmissionResult": ".course",
    "find_course": ".course", "Issue": ".diagnose", "SandboxLimits": ".sandbox",
    "use_sandbox": ".execute",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
