"""A self-assessment against the national quality framework for NHS library and knowledge services.

The framework is Health Education England's *Quality and Improvement Outcomes Framework for NHS-funded
library and knowledge services in England* (first published in 2019, replacing the Library Quality
Assurance Framework; second edition since; now run by NHS England's knowledge and library services team).
It has six outcomes. For each, a service is placed on five cumulative levels, from 0 (not developed) to 4
(highly developed), each with indicators; when only some indicators of a level are met, low, medium and
high sub-levels track progress. The outcome texts below are this kit's short paraphrase of the themes
of the six outcomes, not the framework's wording: a real self-evaluation uses the current edition and
its indicators, which this model does not reproduce.

:class:`SelfAssessment` records, for each outcome, the level you judge your service to be at, the
evidence for it, the level you aim for and the actions that will get you there. :meth:`check` says what
is missing, :meth:`profile` gives the levels at a glance, and :meth:`development_plan` writes the
action plan (the framework's own documents now call it a development plan).

Example::

    >>> sa = SelfAssessment(service="Riverside Hospital library", assessed_on="2026-03-01")
    >>> sa.rate(1, 2, evidence=["Library strategy signed off by the board, 2025"], target=3)
    >>> action = sa.add_action(1, "Present the annual impact report to the executive team", owner="Library manager",
    ...               due="2026-09-30")
    >>> sa.profile()[1]
    2
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from ...errors import SearchCraftError

LEVELS: dict[int, str] = {
    0: "Not developed: little or nothing in place for this outcome yet.",
    1: "Starting out: the first indicators are in place, often planned rather than routine.",
    2: "Developing: a systematic approach for part of the service, with evidence.",
    3: "Established: a systematic approach across the service, reviewed and improved.",
    4: "Highly developed: embedded in the organisation, recognised by senior leaders, shared beyond it.",
}
SUBLEVELS = ("low", "medium", "high")
_CHART_IDS = itertools.count(1)  # each chart's title and description ids stay unique on a page

FRAMEWORK_SOURCE = (
    "Health Education England. Quality and Improvement Outcomes Framework for NHS-funded library and "
    "knowledge services in England (2019; second edition). The outcome texts here paraphrase its themes; "
    "use the current edition's wording and indicators for a real self-evaluation.")


@dataclass(frozen=True)
class Outcome:
    number: int
    theme: str
    summary: str


OUTCOMES: dict[int, Outcome] = {o.number: o for o in (
    Outcome(1, "Resourced and championed",
            "The organisation funds, promotes and champions a proactive library and knowledge service for "
            "all its staff and learners, aligned to its priorities and to national policy."),
    Outcome(2, "Evidence for decisions",
            "Decisions across the organisation are informed by high-quality evidence and knowledge that the "
            "library and knowledge team mobilises."),
    Outcome(3, "Needs identified, services designed",
            "The team works with the organisation to identify its knowledge and evidence needs and priorities, "
            "and designs and delivers services to meet them."),
    Outcome(4, "The right team",
            "The service is run by a team with the right skills, skill mix and capacity, led by a qualified "
            "library and knowledge specialist, developing through CPD."),
    Outcome(5, "Evidence-based improvement",
            "The team improves its services using evidence from research, innovation and good practice."),
    Outcome(6, "Impact shown",
            "The team collects evidence that its services make a difference, and uses it to show their value "
            "to stakeholders."),
)}


class QualityError(SearchCraftError):
    """A self-assessment entry that cannot be recorded, or a plan that cannot be written yet."""


@dataclass(frozen=True)
class Action:
    text: str
    owner: str
    due: str


@dataclass
class Rating:
    level: int | None = None
    sublevel: str = ""
    evidence: list[str] = field(default_factory=list)
    target: int | None = None
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class QualityFinding:
    outcome: int | None
    message: str

    def __str__(self) -> str:
        where = f"Outcome {self.outcome} ({OUTCOMES[self.outcome].theme})" if self.outcome else "Assessment"
        return f"{where}: {self.message}"


def _outcome(number: int) -> int:
    if number not in OUTCOMES:
        raise QualityError(f"There is no outcome {number!r}", hint="The framework has outcomes 1 to 6.")
    return number


def _level(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise QualityError(f"{what} must be a whole number from 0 to 4, not {value!r}",
                           hint="Level 0 is not developed; level 4 is highly developed.")
    return value


def _iso(value: str, what: str) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise QualityError(f"{what} {value!r} is not a date",
                           hint="Write dates as YYYY-MM-DD, e.g. 2026-09-30.") from None


class SelfAssessment:
    """Levels, evidence, targets and actions for the six outcomes of one service."""

    def __init__(self, service: str = "", assessed_on: str | None = None) -> None:
        self.service = service
        self.assessed_on = assessed_on or date.today().isoformat()
        _iso(self.assessed_on, "The assessment date")
        self.ratings: dict[int, Rating] = {n: Rating() for n in OUTCOMES}

    def rate(self, outcome: int, level: int, *, evidence: list[str] | None = None, target: int | None = None,
             sublevel: str = "") -> None:
        """Record the level for an outcome, with the evidence for it and, optionally, the level aimed for."""
        rating = self.ratings[_outcome(outcome)]
        rating.level = _level(level, "The level")
        if sublevel and sublevel not in SUBLEVELS:
            raise QualityError(f"Unknown sub-level {sublevel!r}", hint="Use low, medium or high, or leave it blank.")
        rating.sublevel = sublevel
        if evidence is not None:
            rating.evidence = [" ".join(e.split()) for e in evidence if e and e.strip()]
        if target is not None:
            rating.target = _level(target, "The target level")

    def add_action(self, outcome: int, text: str, *, owner: str, due: str) -> Action:
        """An action towards the target for an outcome: what, who owns it, and by when (YYYY-MM-DD)."""
        rating = self.ratings[_outcome(outcome)]
        if len(text.split()) < 3:
            raise QualityError("Describe the action in a few words at least",
                               hint="Say what will be done, e.g. 'Run an impact survey of search users'.")
        if not owner.strip():
            raise QualityError("Every action needs an owner", hint="Name the role responsible, e.g. 'Library manager'.")
        _iso(due, "The due date")
        action = Action(" ".join(text.split()), owner.strip(), str(due).strip())
        rating.actions.append(action)
        return action

    def check(self) -> list[QualityFinding]:
        """What is missing or inconsistent; empty when the assessment is complete."""
        found: list[QualityFinding] = []
        if not self.service.strip():
            found.append(QualityFinding(None, "name the service being assessed."))
        assessed = _iso(self.assessed_on, "The assessment date")
        for number, rating in self.ratings.items():
            if rating.level is None:
                found.append(QualityFinding(number, "no level chosen yet."))
                continue
            if rating.level > 0 and not rating.evidence:
                found.append(QualityFinding(number, f"level {rating.level} needs evidence: list what shows it "
                                                    "(documents, data, feedback)."))
            if rating.level >= 3 and len(rating.evidence) < 2:
                found.append(QualityFinding(number, "levels are cumulative: evidence this level and the ones "
                                                    "below it (at least two pieces)."))
            if rating.target is None:
                found.append(QualityFinding(number, "choose a target level (it may be the current level)."))
            elif rating.target < rating.level:
                found.append(QualityFinding(number, f"the target ({rating.target}) is below the current level "
                                                    f"({rating.level})."))
            elif rating.target > rating.level and not rating.actions:
                found.append(QualityFinding(number, f"to move from level {rating.level} to {rating.target} you "
                                                    "need at least one action with an owner and a date."))
            for action in rating.actions:
                if _iso(action.due, "The due date") <= assessed:
                    found.append(QualityFinding(number, f"the action '{action.text}' is due on or before the "
                                                        "assessment date."))
        return found

    def complete(self) -> bool:
        return not self.check()

    def profile(self) -> dict[int, int | None]:
        """The level of each outcome (``None`` where none is chosen yet)."""
        return {n: r.level for n, r in self.ratings.items()}

    def priorities(self) -> list[int]:
        """Outcomes to work on first: the biggest gap to target, then the lowest level."""
        gaps = [(r.target - r.level, -r.level, n) for n, r in self.ratings.items()
                if r.level is not None and r.target is not None and r.target > r.level]
        return [n for *_, n in sorted(gaps, key=lambda g: (-g[0], -g[1], g[2]))]

    def strengths(self) -> list[int]:
        """Outcomes at the highest level reached (level 3 or above), in number order."""
        levels = [r.level for r in self.ratings.values() if r.level is not None]
        top = max(levels, default=0)
        return [n for n, r in self.ratings.items() if top >= 3 and r.level == top]

    def profile_text(self) -> str:
        """The profile as text bars, one line per outcome: readable by a screen reader and in print."""
        lines = []
        for n, outcome in OUTCOMES.items():
            r = self.ratings[n]
            if r.level is None:
                lines.append(f"{n}. {outcome.theme:36} not rated")
                continue
            bar = "#" * r.level + "." * (4 - r.level)
            sub = f" ({r.sublevel})" if r.sublevel else ""
            target = f", target {r.target}" if r.target is not None else ""
            lines.append(f"{n}. {outcome.theme:36} [{bar}] level {r.level}{sub}{target}")
        return "\n".join(lines)

    def profile_svg(self, size: int = 360) -> str:
        """The levels (solid) and targets (dashed) as a radar chart in SVG, like the framework's own
        spider graph; its title and description say in words everything the picture shows."""
        centre, radius = size / 2, size / 2 - 70
        numbers = list(OUTCOMES)

        def point(index: int, level: float) -> tuple[float, float]:
            angle = -math.pi / 2 + 2 * math.pi * index / len(numbers)   # outcome 1 at the top, clockwise
            return (round(centre + radius * level / 4 * math.cos(angle), 1),
                    round(centre + radius * level / 4 * math.sin(angle), 1))

        def polygon(levels: list[float], style: str) -> str:
            points = " ".join(f"{x},{y}" for x, y in (point(i, v) for i, v in enumerate(levels)))
            return f'<polygon points="{points}" {style}/>'

        rings = "".join(polygon([ring] * len(numbers), 'fill="none" stroke="#aeb7bd" stroke-width="1"')
                        for ring in range(1, 5))
        spokes, labels = "", ""
        for i, n in enumerate(numbers):
            x, y = point(i, 4)
            lx, ly = point(i, 4.9)
            anchor = "middle" if abs(lx - centre) < 1 else ("start" if lx > centre else "end")
            spokes += f'<line x1="{centre}" y1="{centre}" x2="{x}" y2="{y}" stroke="#aeb7bd" stroke-width="1"/>'
            labels += (f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" font-size="11" fill="#212b32">'
                       f"{n}. {escape(OUTCOMES[n].theme)}</text>")
        now = [float(self.ratings[n].level or 0) for n in numbers]
        target = [float(r.target if r.target is not None else (r.level or 0))
                  for r in (self.ratings[n] for n in numbers)]
        words = "; ".join(
            f"outcome {n} {OUTCOMES[n].theme}: " + ("not rated" if self.ratings[n].level is None else
                                                   f"level {self.ratings[n].level}"
                                                   + (f", target {self.ratings[n].target}"
                                                      if self.ratings[n].target is not None else ""))
            for n in numbers)
        title = f"Quality profile of {self.service or 'the service'}, {self.assessed_on}"
        chart = f"quality-profile-{next(_CHART_IDS)}"
        return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="-180 0 {size + 360} {size}" '
                f'style="display:block;width:100%;max-width:{size + 360}px;height:auto" '
                f'font-family="Arial, Helvetica, sans-serif" '
                f'aria-labelledby="{chart}-title {chart}-desc">'
                f'<title id="{chart}-title">{escape(title)}</title><desc id="{chart}-desc">{escape(words)}.</desc>'
                f"{rings}{spokes}"
                + polygon(target, 'fill="none" stroke="#425563" stroke-width="2" stroke-dasharray="6 4"')
                + polygon(now, 'fill="#005eb8" fill-opacity="0.25" stroke="#005eb8" stroke-width="2.5"')
                + f"{labels}</svg>")

    def development_plan(self) -> str:
        """The action plan as Markdown; refuses until :meth:`check` finds nothing."""
        problems = self.check()
        if problems:
            raise QualityError("The self-assessment is not complete: " + "; ".join(map(str, problems)),
                               hint="Fix each point, then write the plan again.")
        lines = [f"# Development plan: {self.service}", "",
                 f"Self-assessment of {self.assessed_on} against the six outcomes of the Quality and "
                 "Improvement Outcomes Framework.", "",
                 "| Outcome | Level now | Target |", "|---|---|---|"]
        for n, outcome in OUTCOMES.items():
            r = self.ratings[n]
            sub = f" ({r.sublevel})" if r.sublevel else ""
            lines.append(f"| {n}. {outcome.theme} | {r.level}{sub} | {r.target} |")
        strengths = self.strengths()
        lines += ["", "## Strengths", ""]
        lines += [f"- Outcome {n}, {OUTCOMES[n].theme}: {'; '.join(self.ratings[n].evidence)}" for n in strengths] \
            or ["- None at level 3 or above yet."]
        lines += ["", "## Actions, most urgent outcome first", ""]
        order = self.priorities()
        if not order:
            lines.append("- Every outcome is at its target level: keep the evidence up to date.")
        for n in order:
            r = self.ratings[n]
            lines += [f"### Outcome {n}: {OUTCOMES[n].theme} (level {r.level} to {r.target})", "",
                      "| Action | Owner | Due |", "|---|---|---|"]
            lines += [f"| {a.text} | {a.owner} | {a.due} |" for a in sorted(r.actions, key=lambda a: a.due)]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def development_plan_html(self) -> str:
        """The same plan as an HTML fragment with captioned tables (for the widget and for printing)."""
        markdown = self.development_plan()  # raises when incomplete
        del markdown
        rows = "".join(f"<tr><th scope='row'>{n}. {escape(o.theme)}</th><td>{self.ratings[n].level}</td>"
                       f"<td>{self.ratings[n].target}</td></tr>" for n, o in OUTCOMES.items())
        parts = [f"<h3>Development plan: {escape(self.service)}</h3>",
                 f"<table><caption>Levels on {escape(self.assessed_on)}</caption><thead><tr><th scope='col'>Outcome"
                 f"</th><th scope='col'>Level now</th><th "
                 f"scope='col'>Target</th></tr></thead><tbody>{rows}</tbody></table>"]
        for n in self.priorities():
            r = self.ratings[n]
            actions = "".join(f"<tr><td>{escape(a.text)}</td><td>{escape(a.owner)}</td><td>{escape(a.due)}</td></tr>"
                              for a in sorted(r.actions, key=lambda a: a.due))
            parts.append(f"<table><caption>Outcome {n}: {escape(OUTCOMES[n].theme)} (level {r.level} to {r.target})"
                         f"</caption><thead><tr><th scope='col'>Action</th><th scope='col'>Owner</th>"
                         f"<th scope='col'>Due</th></tr></thead><tbody>{actions}</tbody></table>")
        return "".join(parts)

    def to_state(self) -> dict[str, Any]:
        return {"service": self.service, "assessed_on": self.assessed_on,
                "ratings": {str(n): {"level": r.level, "sublevel": r.sublevel, "evidence": list(r.evidence),
                                     "target": r.target, "actions": [vars(a).copy() for a in r.actions]}
                            for n, r in self.ratings.items()}}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SelfAssessment:
        sa = cls(str(state.get("service", "")), state.get("assessed_on"))
        for key, saved in (state.get("ratings") or {}).items():
            number = _outcome(int(key))
            if saved.get("level") is not None:
                sa.rate(number, saved["level"], evidence=list(saved.get("evidence") or []),
                        target=saved.get("target"), sublevel=saved.get("sublevel") or "")
            elif saved.get("target") is not None:
                sa.ratings[number].target = _level(saved["target"], "The target level")
            for action in saved.get("actions") or []:
                sa.add_action(number, action["text"], owner=action["owner"], due=action["due"])
        return sa
