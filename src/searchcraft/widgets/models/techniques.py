"""Knowledge management techniques: which one fits a situation, and a template to plan or record one.

Every technique taught in the knowledge management modules (Peer Assist, After Action Review,
Retrospect...) is described once, in ``widgets/data/km-techniques.yaml``: what it is, when to use it,
how long it takes, who takes part, the steps, the questions to ask, a worked example and the fields
of its template. The modules, the :class:`~searchcraft.widgets.technique_finder.TechniqueFinder`
widget and the printable postcards all read it from here.

:func:`suggest` applies a few plain rules to a :class:`Situation` (before, during or after a piece of
work; how many people; how much time; what for) and says why each technique fits or is ruled out.

Example::

    >>> situation = Situation(stage="after", people=8, minutes=240, purpose="review")
    >>> [s.technique.name for s in suggest(situation)][:1]
    ['Retrospect']
    >>> plan = TechniqueTemplate("peer-assist")
    >>> plan.fill("Purpose", "Learn how others started a clinical librarian service")
    >>> plan.missing()[:1]
    ['Peers to invite']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import DataFileError, SearchCraftError
from ...files import write_atomically
from .data import load_data_file

DATA_FILE = "km-techniques.yaml"
STAGES = ("before", "during", "after")
_REQUIRED = ("id", "name", "stages", "module", "purposes", "what", "when", "time", "people",
             "steps", "questions", "example", "template", "source")

# How much each rule adds to a technique's fit (see suggest()).
HOME_STAGE, OTHER_STAGE, PURPOSE_MATCH = 3, 1, 3


class TechniqueError(SearchCraftError):
    """A technique, a situation or a template answer that the kit cannot use as it stands."""


@dataclass(frozen=True)
class TemplateField:
    name: str
    prompt: str


@dataclass(frozen=True)
class Technique:
    """One knowledge management technique, as described in ``km-techniques.yaml``."""

    id: str
    name: str
    stages: tuple[str, ...]
    module: str
    purposes: tuple[str, ...]
    what: str
    when: str
    origin: str
    time_label: str
    minutes: int
    people_label: str
    min_people: int
    max_people: int
    steps: tuple[str, ...]
    questions: tuple[str, ...]
    example: str
    template: tuple[TemplateField, ...]
    source: str

    @property
    def home_stage(self) -> str:
        """The stage the technique is taught under (its first stage)."""
        return self.stages[0]

    def card_text(self, *, example: bool = True) -> str:
        """The technique as plain text for a notebook: what, when, time, people, steps, questions."""
        lines = [self.name.upper(), self.what, ""]
        if self.origin:
            lines += [f"Origin: {self.origin}", ""]
        lines += [f"When: {self.when}", f"Time: {self.time_label}", f"People: {self.people_label}", "", "Steps:"]
        lines += [f"  {n}. {step}" for n, step in enumerate(self.steps, 1)]
        lines += ["", "Questions to ask:"] + [f"  - {q}" for q in self.questions]
        if example:
            lines += ["", f"Worked example: {self.example}"]
        return "\n".join(lines)

    def card_markdown(self, *, example: bool = True, heading: str = "###") -> str:
        """The technique's card as Markdown for a course page, to be read as text, not printed as output.

        The knowledge management modules hold these cards in Markdown cells, rewritten from the data
        file by ``searchcraft course sync-pathways`` (see :mod:`searchcraft.course.technique_cards`), so
        the page and the data never disagree::

            >>> card = technique("before-action-review").card_markdown()
            >>> card.splitlines()[0]
            '### Before Action Review at a glance'
            >>> "**Steps**" in card and "1. Gather the people" in card
            True
        """
        facts = [f"- **When to use it:** {markdown_text(self.when)}",
                 f"- **Time:** {markdown_text(self.time_label)}",
                 f"- **People:** {markdown_text(self.people_label)}"]
        if self.origin:
            facts.append(f"- **Where it comes from:** {markdown_text(self.origin)}")
        lines = [f"{heading} {markdown_text(self.name)} at a glance", "", markdown_text(self.what), "", *facts, "",
                 "**Steps**", ""]
        lines += [f"{n}. {markdown_text(step)}" for n, step in enumerate(self.steps, 1)]
        lines += ["", "**Questions to ask**", ""] + [f"- {markdown_text(q)}" for q in self.questions]
        if example:
            lines += ["", f"**Worked example.** {markdown_text(self.example)}"]
        lines += ["", f"*Read more:* {markdown_text(self.source)}"]
        return "\n".join(lines)


_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#"})


def markdown_text(text: str) -> str:
    """Plain text made safe to put in Markdown: characters Markdown would read as markup are escaped.

        >>> markdown_text("L = P + Q, not *emphasis*")
        'L = P + Q, not \\\\*emphasis\\\\*'
    """
    return str(text).translate(_MARKDOWN_SPECIAL)


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _technique(entry: dict[str, Any], purposes: dict[str, str]) -> Technique:
    name = entry.get("id", "?") if isinstance(entry, dict) else "?"
    if not isinstance(entry, dict):
        raise DataFileError(f"{DATA_FILE}: a technique is not a mapping", hint="Each technique starts with '- id:'.")
    missing = [key for key in _REQUIRED if not entry.get(key)]
    if missing:
        raise DataFileError(f"{DATA_FILE}: technique {name!r} lacks {', '.join(missing)}",
                            hint="Every technique needs every field listed at the top of the file.")
    stages = tuple(entry["stages"])
    unknown = [s for s in stages if s not in STAGES] + [p for p in entry["purposes"] if p not in purposes]
    if unknown:
        raise DataFileError(f"{DATA_FILE}: technique {name!r} has unknown stage or purpose {unknown[0]!r}",
                            hint=f"Stages: {', '.join(STAGES)}; purposes: {', '.join(purposes)}.")
    for key in ("steps", "questions"):
        if not all(isinstance(line, str) and line.strip() for line in entry[key]):
            raise DataFileError(f"{DATA_FILE}: technique {name!r} has a {key[:-1]} that is not plain text",
                                hint="Put a line that contains a colon in double quotes.")
    if not all(isinstance(f, dict) and isinstance(f.get("field"), str) and isinstance(f.get("prompt"), str)
               for f in entry["template"]):
        raise DataFileError(f"{DATA_FILE}: technique {name!r} has a template field without a field name and prompt",
                            hint="Write each as {field: Name, prompt: \"What to write\"}.")
    time, people = entry["time"], entry["people"]
    try:
        minutes, low, high = int(time["minutes"]), int(people["min"]), int(people["max"])
    except (KeyError, TypeError, ValueError) as error:
        raise DataFileError(f"{DATA_FILE}: technique {name!r} needs whole numbers for time.minutes, "
                            f"people.min and people.max ({error})", hint="e.g. minutes: 60") from None
    if not (minutes > 0 and 1 <= low <= high):
        raise DataFileError(f"{DATA_FILE}: technique {name!r} has impossible time or people numbers",
                            hint="minutes must be above 0 and 1 <= people.min <= people.max.")
    return Technique(
        id=str(entry["id"]), name=_text(entry["name"]), stages=stages, module=str(entry["module"]),
        purposes=tuple(entry["purposes"]), what=_text(entry["what"]), when=_text(entry["when"]),
        origin=_text(entry.get("origin")), time_label=_text(time["label"]), minutes=minutes,
        people_label=_text(people["label"]), min_people=low, max_people=high,
        steps=tuple(_text(s) for s in entry["steps"]), questions=tuple(_text(q) for q in entry["questions"]),
        example=_text(entry["example"]),
        template=tuple(TemplateField(_text(f["field"]), _text(f["prompt"])) for f in entry["template"]),
        source=_text(entry["source"]))


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, str], dict[str, str], dict[str, Technique]]:
    document = load_data_file(DATA_FILE)
    purposes = {str(k): _text(v) for k, v in document["purposes"].items()}
    stages = {str(k): _text(v) for k, v in document["stages"].items()}
    found: dict[str, Technique] = {}
    for entry in document["techniques"]:
        technique = _technique(entry, purposes)
        if technique.id in found:
            raise DataFileError(f"{DATA_FILE}: two techniques have the id {technique.id!r}",
                                hint="Give each technique its own id.")
        found[technique.id] = technique
    return purposes, stages, found


def techniques() -> dict[str, Technique]:
    """Every technique, by id, in the order of the data file (module order)."""
    return dict(_catalogue()[2])


def purposes() -> dict[str, str]:
    """What techniques are for: key -> description in the learner's words."""
    return dict(_catalogue()[0])


def stage_titles() -> dict[str, str]:
    """``{"before": "Learning before doing", ...}``."""
    return dict(_catalogue()[1])


def technique(name_or_id: str) -> Technique:
    """A technique by id (``"peer-assist"``) or by name, ignoring case (``"Peer Assist"``)."""
    wanted = " ".join(str(name_or_id).split()).casefold()
    for item in techniques().values():
        if wanted in (item.id.casefold(), item.name.casefold()):
            return item
    raise TechniqueError(f"Unknown technique {name_or_id!r}",
                         hint=f"Choose one of: {', '.join(t.name for t in techniques().values())}.")


def techniques_for_module(module: str) -> list[Technique]:
    """The techniques a module teaches, in order."""
    return [t for t in techniques().values() if t.module == module]


# ---------------------------------------------------------------------------------------------
# Choosing a technique


@dataclass(frozen=True)
class Situation:
    """A piece of work the learner is planning: when, how many people, how many minutes, what for.

    ``purpose`` is optional (``None`` = any); it is a key of :func:`purposes`.
    """

    stage: str
    people: int
    minutes: int
    purpose: str | None = None

    def checked(self) -> Situation:
        if self.stage not in STAGES:
            raise TechniqueError(f"Unknown stage {self.stage!r}", hint=f"Choose one of: {', '.join(STAGES)}.")
        if self.purpose is not None and self.purpose not in purposes():
            raise TechniqueError(f"Unknown purpose {self.purpose!r}", hint=f"Choose one of: {', '.join(purposes())}.")
        for label, value in (("people", self.people), ("minutes", self.minutes)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise TechniqueError(f"The number of {label} must be a whole number of 1 or more; got {value!r}",
                                     hint="e.g. people=6, minutes=60")
        return self


@dataclass(frozen=True)
class Suggestion:
    """A technique that fits the situation, how well (``score``) and why (``reasons``)."""

    technique: Technique
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RuledOut:
    """A technique that does not fit, and why not."""

    technique: Technique
    reasons: tuple[str, ...]


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _duration(minutes: int) -> str:
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hour{'' if hours == 1 else 's'}"


def assess(item: Technique, situation: Situation) -> Suggestion | RuledOut:
    """Apply the rules to one technique.

    Ruled out when: the technique does not fit the stage; fewer people are available than it needs;
    more people would take part than it works for; or there is less time than one session needs.
    Otherwise it scores ``HOME_STAGE`` (its home stage) or ``OTHER_STAGE`` (a stage it also fits),
    plus ``PURPOSE_MATCH`` when it serves the chosen purpose.
    """
    situation = situation.checked()
    stage_title = stage_titles()[situation.stage].lower()
    against: list[str] = []
    if situation.stage not in item.stages:
        homes = " or ".join(stage_titles()[s].lower() for s in item.stages)
        against.append(f"it is for {homes}, not {stage_title}")
    if situation.people < item.min_people:
        against.append(f"it needs at least {_people(item.min_people)}; you have {situation.people}")
    elif situation.people > item.max_people:
        against.append(f"it works for at most {_people(item.max_people)}; you have {situation.people}")
    if situation.minutes < item.minutes:
        against.append(f"one session needs at least {_duration(item.minutes)}; you have {_duration(situation.minutes)}")
    if against:
        return RuledOut(item, tuple(against))
    score, reasons = 0, []
    if situation.stage == item.home_stage:
        score += HOME_STAGE
        reasons.append(f"it is a technique for {stage_title}")
    else:
        score += OTHER_STAGE
        reasons.append(f"it also works for {stage_title}, though it is mainly for "
                       f"{stage_titles()[item.home_stage].lower()}")
    if situation.purpose is not None:
        if situation.purpose in item.purposes:
            score += PURPOSE_MATCH
            reasons.append(f"it helps you {purposes()[situation.purpose]}")
        else:
            reasons.append(f"it is not mainly meant to {purposes()[situation.purpose]}")
    reasons.append(f"your {_people(situation.people)} fit ({item.people_label})")
    reasons.append(f"your time is enough ({item.time_label})")
    return Suggestion(item, score, tuple(reasons))


def suggest(situation: Situation) -> list[Suggestion]:
    """Techniques that fit, best first.

    Between equal scores, the technique that makes fuller use of the time you have comes first (a
    half-day Retrospect before a 15-minute log entry when you have an afternoon), then data-file order.
    """
    found = [r for r in (assess(t, situation) for t in techniques().values()) if isinstance(r, Suggestion)]
    return sorted(found, key=lambda s: (-s.score, situation.minutes - s.technique.minutes))


def ruled_out(situation: Situation) -> list[RuledOut]:
    """Techniques that do not fit, each with the reasons, in the order of the data file."""
    return [r for r in (assess(t, situation) for t in techniques().values()) if isinstance(r, RuledOut)]


def explain(suggestion: Suggestion) -> str:
    """One sentence a learner can read: ``"Retrospect: it is a technique for ...; ..."``."""
    return f"{suggestion.technique.name}: " + "; ".join(suggestion.reasons) + "."


# ---------------------------------------------------------------------------------------------
# Templates


@dataclass
class TechniqueTemplate:
    """A learner's filled-in template for one technique (a plan or a record), kept as Markdown.

    Field names are those in the data file; answers are plain text.
    """

    technique_id: str
    answers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.technique_id = technique(self.technique_id).id
        known = {f.name for f in self.fields}
        for name in list(self.answers):
            if name not in known:
                raise TechniqueError(f"{self.technique.name} has no template field {name!r}",
                                     hint=f"Its fields are: {', '.join(f.name for f in self.fields)}.")
        self.answers = {k: str(v) for k, v in self.answers.items()}

    @property
    def technique(self) -> Technique:
        return technique(self.technique_id)

    @property
    def fields(self) -> tuple[TemplateField, ...]:
        return self.technique.template

    def fill(self, name: str, text: str) -> None:
        """Set one field's answer; the field is found by name, ignoring case."""
        for item in self.fields:
            if item.name.casefold() == " ".join(name.split()).casefold():
                self.answers[item.name] = str(text)
                return
        raise TechniqueError(f"{self.technique.name} has no template field {name!r}",
                             hint=f"Its fields are: {', '.join(f.name for f in self.fields)}.")

    def missing(self) -> list[str]:
        """Fields still blank, in template order."""
        return [f.name for f in self.fields if not self.answers.get(f.name, "").strip()]

    def markdown_text(self) -> str:
        """The template as a Markdown document to keep: the technique, each field, and the source."""
        item = self.technique
        lines = [f"# {item.name}: my notes", "", f"_{item.what}_", ""]
        for f in self.fields:
            answer = self.answers.get(f.name, "").strip()
            lines += [f"## {f.name}", "", f"{f.prompt}", "", answer or "_Not written yet._", ""]
        lines += ["## Steps to follow", ""] + [f"{n}. {step}" for n, step in enumerate(item.steps, 1)]
        lines += ["", "## Questions to ask", ""] + [f"- {q}" for q in item.questions]
        lines += ["", f"Source: {item.source}"]
        return "\n".join(lines).rstrip() + "\n"

    def export_markdown(self, path: str | Path) -> Path:
        """Write :meth:`markdown_text` atomically; returns the path."""
        write_atomically(path, self.markdown_text())
        return Path(path)

    def to_state(self) -> dict[str, Any]:
        return {"technique": self.technique_id, "answers": dict(self.answers)}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> TechniqueTemplate:
        return cls(str(state["technique"]), dict(state.get("answers") or {}))
