"""A teaching session plan checked for constructive alignment: outcomes, activities and checks that match.

Biggs (1996) called it *constructive alignment*: state what learners should be able to do, choose
activities in which they do it, and check learning with tasks that ask them to show it. A plan passes
when every learning outcome starts with a verb you could observe, every outcome has an activity and a
check, every activity serves an outcome, learners do something (not only watch), and the timings fit
the session. Verbs are sorted into the six categories of the revised Bloom's taxonomy (Anderson and
Krathwohl, 2001) so that you can see how demanding each outcome is.

Example::

    >>> plan = SessionPlan(title="Searching CINAHL for ward nurses", audience="Band 5 nurses", minutes=45,
    ...     outcomes=["Build a search that combines two concepts with AND and OR"],
    ...     activities=[Activity("Pairs build a search on pressure ulcers", 20, [1])],
    ...     checks=[Check("Each pair shows their search and its hits", [1])])
    >>> plan.aligned()
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import SearchCraftError
from .findings import DraftFinding

BLOOM_VERBS: dict[str, tuple[str, ...]] = {
    "Remember": ("list", "name", "recall", "recognise", "recognize", "define", "identify", "state"),
    "Understand": ("explain", "describe", "summarise", "summarize", "classify", "compare", "distinguish",
                   "give", "interpret", "paraphrase"),
    "Apply": ("use", "apply", "build", "run", "search", "carry", "find", "combine", "translate", "demonstrate",
              "locate", "retrieve", "set", "save", "export", "choose", "select", "write", "construct"),
    "Analyse": ("analyse", "analyze", "break", "differentiate", "examine", "test", "refine", "diagnose",
                "troubleshoot", "contrast"),
    "Evaluate": ("evaluate", "appraise", "judge", "critique", "assess", "justify", "check", "review", "peer-review"),
    "Create": ("design", "plan", "develop", "create", "devise", "produce", "formulate", "compose"),
}
VAGUE_VERBS = ("understand", "know", "appreciate", "learn", "be", "become", "gain", "have", "grasp", "realise",
               "realize", "see", "feel")
# Activity words that mean only the tutor is doing something.
_TUTOR_ONLY = re.compile(r"^\s*(tutor|trainer|librarian|i)?\s*(demonstrat\w*|present\w*|talk\w*|lectur\w*|show\w*|"
                         r"explain\w*|introduc\w*|walk\w* through)\b", re.IGNORECASE)
_VERB = re.compile(r"[A-Za-z-]+")
MINUTES_PER_OUTCOME = 15


class SessionPlanError(SearchCraftError):
    """A plan entry that cannot be recorded as written."""


@dataclass(frozen=True)
class Activity:
    """What learners (or the tutor) do, for how many minutes, towards which outcomes (numbered from 1)."""

    description: str
    minutes: int
    outcomes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Check:
    """How you will know learners achieved the outcomes it names (numbered from 1)."""

    description: str
    outcomes: list[int] = field(default_factory=list)


class PlanFinding(DraftFinding):
    """One thing the check found in the plan: where, what, and whether it stops the plan being used."""


def outcome_verb(outcome: str) -> str:
    """The first word of a learning outcome, lower case (after 'be able to' if it is written in)."""
    text = re.sub(r"^\s*(by the end[^,]*,\s*)?(you|learners|participants|they)?\s*(will\s+)?(be able to\s+)?", "",
                  outcome, flags=re.IGNORECASE)
    match = _VERB.search(text)
    return match.group(0).lower() if match else ""


def verb_category(verb: str) -> str | None:
    """The revised Bloom's taxonomy category of an outcome verb, or ``None`` if it is not in the lists."""
    for category, verbs in BLOOM_VERBS.items():
        if verb.lower() in verbs:
            return category
    return None


@dataclass
class SessionPlan:
    """One session: its title, audience, length, outcomes, activities and checks."""

    title: str = ""
    audience: str = ""
    minutes: int = 60
    outcomes: list[str] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def check(self) -> list[PlanFinding]:
        """Everything to fix (blocking) or consider, outcomes first."""
        found: list[PlanFinding] = []
        if not self.title.strip():
            found.append(PlanFinding("Title", "give the session a title."))
        if not self.audience.strip():
            found.append(PlanFinding("Audience", "say who the session is for; it decides the examples and the level."))
        if not isinstance(self.minutes, int) or self.minutes <= 0:
            found.append(PlanFinding("Length", "give the session's length in whole minutes."))
        outcomes = [o for o in self.outcomes if o.strip()]
        if not outcomes:
            found.append(PlanFinding("Learning outcomes", "write at least one: what learners will be able to do."))
        for number, outcome in enumerate(self.outcomes, start=1):
            verb = outcome_verb(outcome)
            if not outcome.strip():
                found.append(PlanFinding(f"Outcome {number}", "is empty; write it or remove it."))
            elif verb in VAGUE_VERBS:
                found.append(PlanFinding(f"Outcome {number}", f"'{verb}' cannot be observed. Start with what learners "
                                                              "will do, e.g. 'combine', 'choose', 'explain', "
                                                              "'evaluate'."))
            elif verb_category(verb) is None:
                found.append(PlanFinding(f"Outcome {number}", f"'{verb}' is not a verb in the kit's list; check the "
                                                              "outcome starts with an observable action.",
                                         blocking=False))
        valid = set(range(1, len(self.outcomes) + 1))
        parts: tuple[tuple[str, Sequence[Activity | Check]], ...] = (
            ("Activity", self.activities), ("Check", self.checks))
        for kind, items in parts:
            for number, item in enumerate(items, start=1):
                if not item.description.strip():
                    found.append(PlanFinding(f"{kind} {number}", "describe it."))
                if not item.outcomes:
                    found.append(PlanFinding(f"{kind} {number}", "say which outcome it serves; anything that serves "
                                                                 "none can be cut."))
                bad = sorted(set(item.outcomes) - valid)
                if bad:
                    found.append(PlanFinding(f"{kind} {number}", f"refers to outcome {', '.join(map(str, bad))}, which "
                                                                 "does not exist."))
        for number in sorted(valid):
            if self.outcomes[number - 1].strip():
                if not any(number in a.outcomes for a in self.activities):
                    found.append(PlanFinding(f"Outcome {number}", "no activity lets learners practise it."))
                if not any(number in c.outcomes for c in self.checks):
                    found.append(PlanFinding(f"Outcome {number}", "nothing checks whether learners achieved it."))
        for number, activity in enumerate(self.activities, start=1):
            if not isinstance(activity.minutes, int) or activity.minutes <= 0:
                found.append(PlanFinding(f"Activity {number}", "give it a length in whole minutes."))
        planned = self.planned_minutes()
        if isinstance(self.minutes, int) and self.minutes > 0 and planned > self.minutes:
            found.append(PlanFinding("Timing", f"activities take {planned} minutes but the session is {self.minutes}."))
        if self.activities and all(_TUTOR_ONLY.match(a.description) for a in self.activities):
            found.append(PlanFinding("Activities", "in every activity the tutor talks or shows; give learners "
                                                   "something to do, such as building and running a search."))
        if isinstance(self.minutes, int) and self.minutes > 0 and len(outcomes) * MINUTES_PER_OUTCOME > self.minutes:
            found.append(PlanFinding("Learning outcomes", f"{len(outcomes)} outcomes in {self.minutes} minutes is a "
                                                          "lot; fewer, achieved, beat more, rushed.", blocking=False))
        return found

    def planned_minutes(self) -> int:
        return sum(a.minutes for a in self.activities if isinstance(a.minutes, int) and a.minutes > 0)

    def aligned(self) -> bool:
        """True when nothing blocking is left: every outcome is taught and checked, and the plan fits."""
        return not any(f.blocking for f in self.check())

    def alignment_table(self) -> list[tuple[str, str, list[str], list[str]]]:
        """(outcome, Bloom category, activities for it, checks for it), one row per outcome."""
        rows = []
        for number, outcome in enumerate(self.outcomes, start=1):
            category = verb_category(outcome_verb(outcome)) or "?"
            rows.append((outcome, category, [a.description for a in self.activities if number in a.outcomes],
                         [c.description for c in self.checks if number in c.outcomes]))
        return rows

    def to_text(self) -> str:
        """The plan as plain text, one block per outcome, for printing or pasting into a document."""
        lines = [f"{self.title or '(untitled session)'}: {self.audience or '(audience?)'}, {self.minutes} minutes",
                 f"Activities planned: {self.planned_minutes()} minutes", ""]
        for number, (outcome, category, acts, checks) in enumerate(self.alignment_table(), start=1):
            lines.append(f"{number}. {outcome}  [{category}]")
            lines += [f"   activity: {a}" for a in acts] or ["   activity: (none)"]
            lines += [f"   check:    {c}" for c in checks] or ["   check:    (none)"]
        return "\n".join(lines)

    def to_state(self) -> dict[str, Any]:
        return {"title": self.title, "audience": self.audience, "minutes": self.minutes,
                "outcomes": list(self.outcomes),
                "activities": [{"description": a.description, "minutes": a.minutes, "outcomes": list(a.outcomes)}
                               for a in self.activities],
                "checks": [{"description": c.description, "outcomes": list(c.outcomes)} for c in self.checks]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SessionPlan:
        try:
            return cls(str(state.get("title", "")), str(state.get("audience", "")), int(state.get("minutes", 60)),
                       [str(o) for o in state.get("outcomes", [])],
                       [Activity(str(a["description"]), int(a["minutes"]), [int(n) for n in a.get("outcomes", [])])
                        for a in state.get("activities", [])],
                       [Check(str(c["description"]), [int(n) for n in c.get("outcomes", [])])
                        for c in state.get("checks", [])])
        except (KeyError, TypeError, ValueError) as error:
            raise SessionPlanError(f"The saved plan could not be read ({error})",
                                   hint="Start a new plan; the old file was left as it is.") from None
