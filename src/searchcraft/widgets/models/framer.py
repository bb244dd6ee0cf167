"""Framing a question: choose a framework (PICO, SPIDER, PCC...), fill its elements, get concepts.

The frameworks, their guidance and their sources live in ``widgets/data/frameworks.yml``. Advice on
which framework fits comes from the kind of question (therapy, qualitative, prevalence, scoping,
service, management), which :func:`suggest_kinds` can also guess from the question's wording.

The concept table is the hand-over to search building: one row per searchable element the learner
filled, in the shape ``ConceptTable`` expects, ``[{"concept": str, "terms": [str, ...]}]``.

Example::

    >>> framer = QuestionFramerModel("PICO")
    >>> framer.fill("Population", "older adults; elderly people")
    >>> framer.fill("Intervention", "exercise, tai chi")
    >>> for row in framer.concept_table(): print(row)
    {'concept': 'Population', 'terms': ['older adults', 'elderly people']}
    {'concept': 'Intervention', 'terms': ['exercise', 'tai chi']}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...errors import SearchCraftError
from .data import load_data_file


class FramerError(SearchCraftError):
    """A framework, element or kind of question that the framer does not know."""


@dataclass(frozen=True)
class Element:
    """One part of a framework, with guidance for the learner and whether it is usually searched."""

    key: str
    label: str
    guidance: str
    example: str
    searched: bool


@dataclass(frozen=True)
class Framework:
    name: str
    title: str
    summary: str
    source: str
    elements: tuple[Element, ...]

    def element(self, label_or_key: str) -> Element:
        for element in self.elements:
            if label_or_key.casefold() in (element.label.casefold(), element.key.casefold()):
                return element
        labels = ", ".join(e.label for e in self.elements)
        raise FramerError(f"{self.name} has no element called {label_or_key!r}",
                          hint=f"{self.name} has: {labels}.")


@dataclass(frozen=True)
class Advice:
    """One framework recommended for a kind of question, and why."""

    framework: str
    why: str


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_data_file("frameworks.yml")


@lru_cache(maxsize=1)
def frameworks() -> dict[str, Framework]:
    """Every framework the kit knows, by name, in the order of the data file."""
    found = {}
    for entry in _data()["frameworks"]:
        elements = tuple(Element(e["key"], e["label"], e["guidance"], e["example"], bool(e["searched"]))
                         for e in entry["elements"])
        found[entry["name"]] = Framework(entry["name"], entry["title"], entry["summary"],
                                         " ".join(entry["source"].split()), elements)
    return found


def framework(name: str) -> Framework:
    """Look a framework up by name, ignoring case except where it matters (``PICO`` vs ``PICo``)."""
    known = frameworks()
    if name in known:
        return known[name]
    matches = [f for n, f in known.items() if n.casefold() == name.casefold()]
    if len(matches) == 1:
        return matches[0]
    raise FramerError(f"Unknown question framework {name!r}", hint=f"Choose one of: {', '.join(known)}.")


def question_kinds() -> dict[str, str]:
    """Kinds of question the advice covers: key -> label (``"scoping": "Scoping (what evidence exists?)"``)."""
    return {key: kind["label"] for key, kind in _data()["kinds"].items()}


def advise(kind: str) -> list[Advice]:
    """The frameworks that fit a kind of question, best first."""
    kinds = _data()["kinds"]
    if kind not in kinds:
        raise FramerError(f"Unknown kind of question {kind!r}", hint=f"Choose one of: {', '.join(kinds)}.")
    return [Advice(a["framework"], a["why"]) for a in kinds[kind]["advice"]]


# Words that hint at each kind of question; matched as whole words or word starts.
_CUES = {
    "therapy": ["effective", "effectiveness", "efficacy", "treatment", "intervention", "reduce",
                "prevent", "improve", "versus", "compared", "therapy", "does"],
    "qualitative": ["experience", "experiences", "views", "perceptions", "perceive", "attitudes",
                    "feel", "feelings", "perspectives", "meaning", "lived"],
    "prevalence": ["prevalence", "incidence", "how common", "risk", "risk factor", "cause", "causes",
                   "aetiology", "etiology", "associated", "association", "exposure", "exposed"],
    "scoping": ["what is known", "scope", "map", "mapping", "range of", "types of", "what evidence",
                "gaps", "extent"],
    "service": ["service", "services", "policy", "provision", "commissioning", "delivery", "access",
                "library", "pathway"],
    "management": ["organisation", "organisational", "organization", "leadership", "management",
                   "manager", "team", "teams", "culture", "workforce", "staff"],
}


def suggest_kinds(question: str) -> list[tuple[str, list[str]]]:
    """Guess the kind of question from its words: ``[(kind, cue words found)]``, most cues first.

    A guess to start a conversation, not a ruling: the learner chooses the kind.
    """
    text = " " + re.sub(r"[^a-z ]+", " ", question.casefold()) + " "
    scored = []
    for kind, cues in _CUES.items():
        found = [cue for cue in cues if f" {cue} " in text]
        if found:
            scored.append((kind, found))
    order = list(_CUES)
    scored.sort(key=lambda item: (-len(item[1]), order.index(item[0])))
    return scored


def split_terms(text: str) -> list[str]:
    """Split what a learner typed into terms: commas, semicolons, new lines or `` OR `` separate them."""
    parts = re.split(r"[,;\n]|\s+OR\s+", text)
    seen: list[str] = []
    for part in parts:
        term = " ".join(part.split())
        if term and term.casefold() not in (s.casefold() for s in seen):
            seen.append(term)
    return seen


class QuestionFramerModel:
    """A question, the framework chosen for it, and what the learner wrote for each element."""

    def __init__(self, framework_name: str = "PICO", question: str = "", kind: str | None = None) -> None:
        self.framework = framework(framework_name)
        self.question = question
        self.kind = kind
        self.answers: dict[str, str] = {}

    def choose(self, framework_name: str) -> None:
        """Switch framework, keeping what was written for elements with the same label."""
        new = framework(framework_name)
        labels = {e.label for e in new.elements}
        self.answers = {k: v for k, v in self.answers.items() if k in labels}
        self.framework = new

    def fill(self, element: str, text: str) -> None:
        """Write the learner's text for an element (by label or key)."""
        self.answers[self.framework.element(element).label] = text

    def advice(self) -> list[Advice]:
        """Advice for the chosen kind of question, or for the kind the wording suggests."""
        kind = self.kind or next(iter(k for k, _ in suggest_kinds(self.question)), None)
        return advise(kind) if kind else []

    def fits_advice(self) -> bool | None:
        """Whether the chosen framework is among those advised (``None`` when no kind is known)."""
        advice = self.advice()
        if not advice:
            return None
        return self.framework.name in {a.framework for a in advice}

    def concept_table(self, *, include_unsearched: bool = False) -> list[dict[str, Any]]:
        """The searchable elements the learner filled, as ``[{"concept", "terms"}]`` for ConceptTable.

        Elements usually kept out of the search (comparison, outcome...) are left out unless asked for.
        """
        rows = []
        for element in self.framework.elements:
            if not (element.searched or include_unsearched):
                continue
            terms = split_terms(self.answers.get(element.label, ""))
            if terms:
                rows.append({"concept": element.label, "terms": terms})
        return rows

    def to_state(self) -> dict[str, Any]:
        return {"framework": self.framework.name, "question": self.question, "kind": self.kind,
                "answers": dict(self.answers)}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> QuestionFramerModel:
        model = cls(state.get("framework", "PICO"), state.get("question", ""), state.get("kind"))
        for label, text in (state.get("answers") or {}).items():
            model.fill(label, str(text))
        return model
