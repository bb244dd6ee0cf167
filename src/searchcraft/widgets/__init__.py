"""Interactive exercises for JupyterLab and the published site.

Each widget is a thin ipywidgets view over a plain model in :mod:`searchcraft.widgets.models`.
Views are imported on first use, so ``searchcraft.widgets.models`` works without ipywidgets.

Example::

    from searchcraft.widgets import BooleanVenn
    BooleanVenn({"falls": {"r1", "r2"}, "exercise": {"r2", "r3"}})
"""

from __future__ import annotations

import importlib
from typing import Any

_VIEWS = {
    "AppraisalChecklist": "searchcraft.widgets.appraisal_checklist",
    "RiskCalculator": "searchcraft.widgets.risk_calculator",
    "SummaryMarker": "searchcraft.widgets.summary_marker",
    "BooleanVenn": "searchcraft.widgets.venn",
    "ConceptTable": "searchcraft.widgets.concept_table",
    "HeadingBrowser": "searchcraft.widgets.heading_browser",
    "PressChecklist": "searchcraft.widgets.press_checklist",
    "QuestionFramer": "searchcraft.widgets.question_framer",
    "Quiz": "searchcraft.widgets.quiz",
    "ReflectionLog": "searchcraft.widgets.reflection_log",
    "SearchBuilder": "searchcraft.widgets.search_builder",
    "SkillsProfile": "searchcraft.widgets.skills_profile",
    "TruncationExplorer": "searchcraft.widgets.truncation_explorer",
    "DedupLab": "searchcraft.widgets.dedup_lab",
    "EntryTest": "searchcraft.widgets.entry_test",
    "MyProgress": "searchcraft.widgets.my_progress",
    "ScreeningDesk": "searchcraft.widgets.screening_desk",
    "StrategyOrder": "searchcraft.widgets.strategy_order",
    "Translator": "searchcraft.widgets.translator",
    "TwoDatabaseSearch": "searchcraft.widgets.two_databases",
    "TechniqueFinder": "searchcraft.widgets.technique_finder",
    "AdvocacyCardMaker": "searchcraft.widgets.advocacy_card",
    "QualitySelfAssessment": "searchcraft.widgets.quality_assessment",
    "SessionPlanner": "searchcraft.widgets.session_planner",
}

# Functions for course pages (no ipywidgets needed): the module banner and where the record is kept.
_FUNCTIONS = {
    "show_module_banner": "searchcraft.widgets.learner_record",
    "use_record_folder": "searchcraft.widgets.learner_record",
}

__all__ = sorted(_VIEWS) + sorted(_FUNCTIONS)


def __getattr__(name: str) -> Any:
    if name in _VIEWS or name in _FUNCTIONS:
        return getattr(importlib.import_module(_VIEWS.get(name) or _FUNCTIONS[name]), name)
    raise AttributeError(f"module 'searchcraft.widgets' has no attribute {name!r}")
