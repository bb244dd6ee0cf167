"""Plain models behind the widgets: all the logic, no ipywidgets, tested on their own."""

from .framer import QuestionFramerModel, advise, framework, frameworks, question_kinds, suggest_kinds
from .press import PRESS_ELEMENTS, PressReview, flawed_strategies, flawed_strategy
from .quiz import QuizModel, load_quiz, parse_quiz_markdown, parse_quiz_yaml
from .reflection import ReflectionEntry, ReflectionLogModel, reflective_models
from .skills import SkillsProfileModel, skills_framework
from .venn import VennModel, venn_svg

__all__ = [
    "PRESS_ELEMENTS", "PressReview", "QuestionFramerModel", "QuizModel", "ReflectionEntry",
    "ReflectionLogModel", "SkillsProfileModel", "VennModel", "advise", "flawed_strategies",
    "flawed_strategy", "framework", "frameworks", "load_quiz", "parse_quiz_markdown",
    "parse_quiz_yaml", "question_kinds", "reflective_models", "skills_framework", "suggest_kinds",
    "venn_svg",
]
