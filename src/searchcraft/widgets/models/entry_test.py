"""The entry self-test: nine short questions that recommend where a learner starts.

There are three questions at each level (foundation, practitioner, advanced). A level is *secure*
when at least two of its three questions are answered correctly. The recommended route is the first
level, from foundation upwards, that is not secure; a learner secure at every level is recommended
the advanced route. Every option carries feedback, shown once the test is marked. Nothing is sent
anywhere: the result stays in the learner's record.

Example::

    >>> test = EntryTestModel()
    >>> for question in test.questions:
    ...     test.choose(question.id, question.correct)          # every answer right
    >>> test.mark().route
    'advanced'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...errors import SearchCraftError
from ...pathways import LEVEL_TITLES, LEVELS

SECURE = 2  # of the 3 questions at a level


class EntryTestError(SearchCraftError):
    """An answer the test cannot take, or marking before every question is answered."""


@dataclass(frozen=True)
class EntryOption:
    text: str
    feedback: str


@dataclass(frozen=True)
class EntryQuestion:
    id: str
    level: str
    text: str
    options: tuple[EntryOption, ...]
    correct: int


def _q(qid: str, level: str, text: str, options: list[tuple[str, str]], correct: int) -> EntryQuestion:
    return EntryQuestion(qid, level, text, tuple(EntryOption(t, f) for t, f in options), correct)


QUESTIONS: tuple[EntryQuestion, ...] = (
    _q("f1", "foundation", "Which search finds records about both falls and exercise?", [
        ("falls OR exercise", "OR finds records with either word: it widens the search rather than requiring both."),
        ("falls AND exercise", "AND keeps only records that mention both concepts."),
        ("falls NOT exercise", "NOT removes every record that mentions exercise, including relevant ones."),
    ], 1),
    _q("f2", "foundation",
       "A ward manager emails asking for 'anything on pressure ulcers'. What do you do first?", [
           ("Search straight away with the words in the email",
            "You may search the wrong question: the request is too open to search well yet."),
           ("Ask what they need it for, by when, and what they already have",
            "A short request interview sets the question, limits and deadline before you search."),
           ("Send them the database login so they can search themselves",
            "Some people want that, but you have not found out what they need."),
       ], 1),
    _q("f3", "foundation", "In most databases, what does the search term nurs* find?", [
        ("Only the word 'nurs'", "The asterisk is truncation: it stands for any ending, not a literal character."),
        ("Nurse, nurses, nursing and other words starting 'nurs'", "Truncation finds every ending of the stem."),
        ("Only records indexed with the heading Nursing",
         "Truncation searches the words in the record, not its subject headings."),
    ], 1),
    _q("p1", "practitioner", "What does exploding a MeSH heading do?", [
        ("Adds the narrower headings beneath it in the tree",
         "An exploded heading also finds records indexed with its narrower headings."),
        ("Limits the search to records where the heading is a major topic",
         "That is the major topic restriction ([majr]), not explosion."),
        ("Searches the heading's words in titles and abstracts",
         "Headings search indexing; free-text fields are searched separately."),
    ], 0),
    _q("p2", "practitioner", "Why should a sensitive search combine subject headings with free-text terms?", [
        ("Because free text is always more precise",
         "Free text is often less precise; it is used for recall, not precision."),
        ("Because recent records may not be indexed yet and indexing can be inconsistent",
         "Free text finds records that have no headings yet or were indexed differently."),
        ("Because databases charge less for free-text searches",
         "Cost is not the reason; coverage of relevant records is."),
    ], 1),
    _q("p3", "practitioner",
       "In a trial, 20% of the control group and 15% of the treated group fall. What is the absolute risk reduction?", [
           ("25%", "That is the relative risk reduction (5 divided by 20)."),
           ("5 percentage points",
            "20% minus 15% is 5 percentage points, so about 20 people are treated to prevent one fall."),
           ("15%", "That is the risk in the treated group, not the reduction."),
       ], 1),
    _q("a1", "advanced", "What is PRISMA-S?", [
        ("A search filter for systematic reviews",
         "Filters find study designs; PRISMA-S is about reporting the search."),
        ("A checklist for reporting the literature searches of systematic reviews",
         "PRISMA-S (2021) lists 16 items for reporting searches so they can be repeated."),
        ("A database of systematic review protocols", "That describes a registry such as PROSPERO."),
    ], 1),
    _q("a2", "advanced", "You translate a PubMed strategy to Ovid MEDLINE. Which parts need rewriting?", [
        ("The concepts of the search", "The concepts stay the same; the syntax that expresses them changes."),
        ("Field tags, proximity operators and how headings are exploded",
         "In Ovid, [tiab] becomes .ti,ab.; proximity (adjN) and explosion (exp) are written differently."),
        ("Nothing: both search MEDLINE, so the same text works",
         "Both search MEDLINE, but each interface has its own syntax."),
    ], 1),
    _q("a3", "advanced", "What is the PRESS 2015 guideline for?", [
        ("Peer review of electronic search strategies before they are run",
         "PRESS gives six elements for a colleague to check a strategy."),
        ("Writing plain-language summaries for the press",
         "PRESS is not about publicity; it stands for Peer Review of Electronic Search Strategies."),
        ("Grading the certainty of a body of evidence", "That is GRADE."),
    ], 0),
)


@dataclass(frozen=True)
class LevelScore:
    level: str
    correct: int
    total: int

    @property
    def secure(self) -> bool:
        return self.correct >= SECURE


@dataclass(frozen=True)
class EntryResult:
    """The marked test: a score per level and the recommended route."""

    scores: tuple[LevelScore, ...]
    route: str

    @property
    def correct(self) -> int:
        return sum(s.correct for s in self.scores)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.scores)

    def summary(self) -> str:
        levels = "; ".join(f"{LEVEL_TITLES[s.level]} {s.correct} of {s.total}" for s in self.scores)
        return (f"You answered {self.correct} of {self.total} correctly ({levels}). "
                f"We recommend the {LEVEL_TITLES[self.route]} route.")

    def to_dict(self) -> dict[str, Any]:
        return {"route": self.route, "scores": {s.level: [s.correct, s.total] for s in self.scores}}


def recommend(scores: dict[str, int]) -> str:
    """The route for correct answers per level: the first level not secure, else advanced.

    >>> recommend({"foundation": 3, "practitioner": 1, "advanced": 3})
    'practitioner'
    """
    for level in LEVELS:
        if scores.get(level, 0) < SECURE:
            return level
    return LEVELS[-1]


class EntryTestModel:
    """The learner's answers (question id -> option index) and, once marked, the result."""

    def __init__(self, questions: tuple[EntryQuestion, ...] = QUESTIONS) -> None:
        self.questions = questions
        self.answers: dict[str, int] = {}
        self.result: EntryResult | None = None

    def question(self, question_id: str) -> EntryQuestion:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise EntryTestError(f"The entry test has no question {question_id!r}",
                             hint=f"Questions are: {', '.join(q.id for q in self.questions)}.")

    def choose(self, question_id: str, option: int | None) -> None:
        """Record (or, with ``None``, clear) an answer; a changed answer un-marks the test."""
        question = self.question(question_id)
        if option is None:
            self.answers.pop(question_id, None)
        elif not 0 <= option < len(question.options):
            raise EntryTestError(f"Question {question_id!r} has no option {option + 1}",
                                 hint=f"Choose 1 to {len(question.options)}.")
        else:
            self.answers[question_id] = option
        self.result = None

    def unanswered(self) -> list[int]:
        """Question numbers (from 1) not yet answered."""
        return [n for n, q in enumerate(self.questions, start=1) if q.id not in self.answers]

    def mark(self) -> EntryResult:
        """Mark every answer and recommend a route; every question must be answered first."""
        missing = self.unanswered()
        if missing:
            listed = ", ".join(str(n) for n in missing)
            raise EntryTestError(f"Answer every question before marking: question{'s' if len(missing) > 1 else ''} "
                                 f"{listed} {'are' if len(missing) > 1 else 'is'} not answered",
                                 hint="If you do not know, choose the answer you think most likely.")
        scores = []
        for level in LEVELS:
            at_level = [q for q in self.questions if q.level == level]
            scores.append(LevelScore(level, sum(1 for q in at_level if self.answers[q.id] == q.correct), len(at_level)))
        self.result = EntryResult(tuple(scores), recommend({s.level: s.correct for s in scores}))
        return self.result

    def is_correct(self, question_id: str) -> bool:
        question = self.question(question_id)
        return self.answers.get(question_id) == question.correct

    def to_state(self) -> dict[str, Any]:
        return {"answers": dict(self.answers), "marked": self.result is not None}

    def restore(self, state: dict[str, Any]) -> None:
        """Take back saved answers, ignoring any that no longer fit the questions."""
        self.answers = {}
        for qid, option in (state.get("answers") or {}).items():
            try:
                self.choose(str(qid), int(option))
            except (EntryTestError, TypeError, ValueError):
                continue
        if state.get("marked") and not self.unanswered():
            self.mark()
