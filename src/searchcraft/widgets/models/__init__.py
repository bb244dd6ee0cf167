"""Plain models behind the widgets: all the logic, no ipywidgets, tested on their own.

The names below are imported from their modules on first use, so a page that needs one model (the
learner record behind every module banner, say) does not import the others: in the browser each
import costs start-up time. ``from searchcraft.widgets.models import VennModel`` works as usual.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {
    "framer": ("QuestionFramerModel", "advise", "framework", "frameworks", "question_kinds", "suggest_kinds"),
    "press": ("PRESS_ELEMENTS", "PressReview", "flawed_strategies", "flawed_strategy"),
    "quiz": ("QuizModel", "load_quiz", "parse_quiz_markdown", "parse_quiz_yaml"),
    "reflection": ("ReflectionEntry", "ReflectionLogModel", "reflective_models"),
    "skills": ("SkillsProfileModel", "skills_framework"),
    "venn": ("VennModel", "venn_svg"),
}
_MODULE_OF = {name: module for module, names in _NAMES.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
