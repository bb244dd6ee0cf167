"""The course's modules by level, with study times and learning outcomes, and the routes through them.

One registry (``pathways.json`` beside this file) lists every module once: its title, level
(foundation, practitioner or advanced), stated study time in minutes, learning outcomes and the areas
of the kit's skills framework it develops. It is JSON read with the standard library, so the same
code runs in JupyterLab and in the learner's browser (Pyodide), where PyYAML is not available.

Three routes go through all the modules. Each lists every module in teaching order, marked *study*
(do it) or *optional* (skim or skip if you are confident); the learner's level decides which:

- foundation: every module is to be studied;
- practitioner: practitioner and advanced modules; foundation modules are optional refreshers;
- advanced: advanced modules; foundation and practitioner modules are optional.

Study time rule (:func:`estimate_minutes`), checked by ``searchcraft course check``: reading at
150 words a minute (study reading, slower than the 200-250 of leisure reading), plus 15 minutes per
exercise, 1 minute per quiz question and 1 minute per code cell to run and read, rounded to the
nearest 5 minutes. A stated time may differ from the estimate by at most 20%.

Example::

    >>> registry = course_registry()
    >>> registry.module("search-05-boolean-logic").level
    'foundation'
    >>> estimate_minutes(words=1500, exercises=2, quiz_questions=6, code_cells=10)
    55
    >>> format_minutes(95)
    '1 hour 35 minutes'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import CourseError

LEVELS = ("foundation", "practitioner", "advanced")
LEVEL_TITLES = {"foundation": "Foundation", "practitioner": "Practitioner", "advanced": "Advanced"}
LEVEL_DESCRIPTIONS = {
    "foundation": "New to searching for others: start at the beginning and study every module.",
    "practitioner": "You search regularly: study the practitioner and advanced modules; "
                    "foundation modules are optional refreshers.",
    "advanced": "You lead or review searches: study the advanced modules and dip into the rest as you need.",
}
WORDS_PER_MINUTE = 150
MINUTES_PER_EXERCISE = 15
MINUTES_PER_QUIZ_QUESTION = 1
MINUTES_PER_CODE_CELL = 1
TOLERANCE = 0.20


def estimate_minutes(*, words: int, exercises: int, quiz_questions: int, code_cells: int) -> int:
    """Study time by the course's rule, rounded to the nearest 5 minutes (at least 5).

    >>> estimate_minutes(words=3000, exercises=3, quiz_questions=6, code_cells=12)
    85
    """
    raw = (words / WORDS_PER_MINUTE + exercises * MINUTES_PER_EXERCISE
           + quiz_questions * MINUTES_PER_QUIZ_QUESTION + code_cells * MINUTES_PER_CODE_CELL)
    return max(5, int(5 * round(raw / 5)))


def within_tolerance(stated: int, estimate: int) -> bool:
    """Whether a stated time is close enough to the rule's estimate (within 20%)."""
    return abs(stated - estimate) <= TOLERANCE * estimate


def format_minutes(minutes: int) -> str:
    """Minutes in words: ``'45 minutes'``, ``'1 hour'``, ``'2 hours 10 minutes'``."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def format_hours(minutes: int) -> str:
    """Minutes as decimal hours for a CPD record: ``95`` -> ``'1.6'`` (one decimal place)."""
    return f"{minutes / 60:.1f}"


@dataclass(frozen=True)
class ModuleEntry:
    """One module in the registry."""

    id: str
    title: str
    part: str
    level: str
    minutes: int
    outcomes: tuple[str, ...]
    competencies: tuple[str, ...]

    @property
    def level_title(self) -> str:
        return LEVEL_TITLES[self.level]

    @property
    def time_text(self) -> str:
        return format_minutes(self.minutes)


@dataclass(frozen=True)
class RouteStep:
    module: ModuleEntry
    optional: bool


@dataclass(frozen=True)
class Route:
    """A route for one level: every module in teaching order, each to study or optional."""

    level: str
    steps: tuple[RouteStep, ...]

    @property
    def title(self) -> str:
        return f"{LEVEL_TITLES[self.level]} route"

    @property
    def description(self) -> str:
        return LEVEL_DESCRIPTIONS[self.level]

    @property
    def core(self) -> tuple[ModuleEntry, ...]:
        """The modules to study on this route (what its certificate requires)."""
        return tuple(step.module for step in self.steps if not step.optional)

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.core)


@dataclass(frozen=True)
class CourseRegistry:
    modules: tuple[ModuleEntry, ...]
    competency_names: dict[str, str]

    def module(self, module_id: str) -> ModuleEntry:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise CourseError(f"There is no module {module_id!r} in the course registry",
                          hint="Check the folder name (e.g. 'search-05-boolean-logic'), or add the module "
                               "to src/searchcraft/pathways.json.")

    def ids(self) -> list[str]:
        return [module.id for module in self.modules]

    def route(self, level: str) -> Route:
        """The route for ``level``; modules below it are optional, modules at or above it are studied."""
        if level not in LEVELS:
            raise CourseError(f"There is no {level!r} route", hint=f"Routes are: {', '.join(LEVELS)}.")
        rank = LEVELS.index(level)
        return Route(level, tuple(RouteStep(m, LEVELS.index(m.level) < rank) for m in self.modules))

    def routes(self) -> list[Route]:
        return [self.route(level) for level in LEVELS]


def _entry(raw: Any, number: int, source: str) -> ModuleEntry:
    where = f"{source}, module {number}"
    if not isinstance(raw, dict) or not str(raw.get("id", "")).strip():
        raise CourseError(f"{where} has no id", hint="Give each module its folder name as 'id'.")
    where = f"{source}, module {raw['id']!r}"
    level = raw.get("level")
    if level not in LEVELS:
        raise CourseError(f"{where} has level {level!r}", hint=f"Use one of: {', '.join(LEVELS)}.")
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise CourseError(f"{where} has study time {minutes!r}",
                          hint="Give 'minutes' as a whole number of minutes, e.g. 75.")
    outcomes = raw.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes or not all(isinstance(o, str) and o.strip() for o in outcomes):
        raise CourseError(f"{where} has no learning outcomes",
                          hint="List the module's learning objectives under 'outcomes'.")
    competencies = raw.get("competencies") or []
    if not isinstance(competencies, list) or not competencies:
        raise CourseError(f"{where} maps to no skills framework area",
                          hint="List at least one area id under 'competencies', e.g. ['strategy'].")
    return ModuleEntry(str(raw["id"]), str(raw.get("title") or raw["id"]), str(raw.get("part", "")), level,
                       minutes, tuple(o.strip() for o in outcomes), tuple(str(c) for c in competencies))


def parse_registry(text: str, source: str = "pathways.json") -> CourseRegistry:
    """Read a registry from JSON text, with a clear error for anything missing."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CourseError(f"{source} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
                          hint="Check commas and quotes around that point.") from None
    if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
        raise CourseError(f"{source} has no 'modules' list", hint="See the docstring of searchcraft.pathways.")
    modules = tuple(_entry(raw, n, source) for n, raw in enumerate(data["modules"], start=1))
    seen: set[str] = set()
    for module in modules:
        if module.id in seen:
            raise CourseError(f"{source} lists {module.id!r} twice", hint="Keep one entry per module.")
        seen.add(module.id)
    names = {str(k): str(v) for k, v in (data.get("competencies") or {}).items()}
    for module in modules:
        unknown = [c for c in module.competencies if c not in names]
        if unknown:
            raise CourseError(f"{source}, module {module.id!r} maps to unknown area {unknown[0]!r}",
                              hint=f"Areas are: {', '.join(names)}.")
    return CourseRegistry(modules, names)


@lru_cache(maxsize=1)
def course_registry() -> CourseRegistry:
    """The registry shipped with the kit."""
    text = (resources.files("searchcraft") / "pathways.json").read_text(encoding="utf-8")
    return parse_registry(text)


ROUTES_START = "<!-- routes: generated by `searchcraft course routes`; do not edit by hand -->"
ROUTES_END = "<!-- /routes -->"


def routes_markdown(registry: CourseRegistry | None = None) -> str:
    """The routes as Markdown for the front page, between the markers the check looks for."""
    registry = registry or course_registry()
    lines = [ROUTES_START, ""]
    for level in LEVELS:
        count = sum(1 for m in registry.modules if m.level == level)
        lines.append(f"- **{LEVEL_TITLES[level]}** ({count} modules): "
                     f"{LEVEL_DESCRIPTIONS[level]}")
    lines += ["", "| Route | Modules to study | Study time | Optional |", "|---|---|---|---|"]
    for route in registry.routes():
        optional = len(route.steps) - len(route.core)
        lines.append(f"| {route.title} | {len(route.core)} | {format_minutes(route.minutes)} | {optional} |")
    lines += ["", "| Module | Level | Study time |", "|---|---|---|"]
    for module in registry.modules:
        lines.append(f"| {module.title} | {module.level_title} | {module.time_text} |")
    lines += ["", ROUTES_END]
    return "\n".join(lines)


def replace_routes(page_text: str, registry: CourseRegistry | None = None) -> str:
    """``page_text`` with its generated routes section brought up to date (added at the end if absent)."""
    section = routes_markdown(registry)
    if ROUTES_START in page_text and ROUTES_END in page_text:
        before, rest = page_text.split(ROUTES_START, 1)
        after = rest.split(ROUTES_END, 1)[1]
        return before + section + after
    return page_text.rstrip("\n") + "\n\n" + section + "\n"
