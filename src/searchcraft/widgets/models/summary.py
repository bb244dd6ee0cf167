"""Evidence summaries for a requester, marked against a rubric: the criteria a program can check
are marked automatically, with a reason and a fix; the rest are left to the tutor.

An evidence summary answers one person's question from the evidence found: the bottom line first,
what was searched, what was found and how far it can be trusted, in plain language, within a word
limit, with every source referenced. Several of these can be checked by rules (is there a bottom
line near the top? does every numbered citation have a reference?). Whether the summary is *accurate*
and *right for the requester* needs a person, so those criteria are marked by the tutor.

The summary is Markdown text. The rules look for headings or line labels (``## Bottom line`` or
``Bottom line:``), numbered citations in square brackets (``[1]``) and a numbered reference list
under a heading or label starting "References".

Pure Python, so it runs in the learner's browser.

Example::

    >>> rubric = SummaryRubric()
    >>> result = rubric.mark("## Question\\nDo X?\\n## Bottom line\\nYes [1].\\n## References\\n1. A paper.")
    >>> result.criterion("references").met
    True
    >>> result.criterion("search").met
    False
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...errors import SearchCraftError
from ...readability import split_sentences, split_words


class SummaryError(SearchCraftError):
    """A summary that cannot be marked (not text, or empty)."""


WORD_LIMIT = 500
SENTENCE_LIMIT = 25          # average words per sentence; plain-language guides usually aim for 15 to 20
BOTTOM_LINE_WITHIN = 150     # words from the start



def _label(*names: str) -> re.Pattern[str]:
    """A heading (``## Bottom line``) or a line label (``Bottom line:``, ``**Bottom line**``) with one of ``names``."""
    return re.compile(r"^[ \t]*(?:#{1,6}[ \t]*|\*\*)?(?:" + "|".join(map(re.escape, names)) + r")\b[ \t:*]*",
                      re.IGNORECASE | re.MULTILINE)

_CITATION = re.compile(r"\[(\d+(?:\s*[-,–]\s*\d+)*)\]")
_REFERENCE_ITEM = re.compile(r"^\s*(?:\[(\d+)\]|(\d+)[.)])\s+\S")
_DATE = re.compile(r"\b(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b"
                   r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b", re.IGNORECASE)
_SOURCES = ("medline", "pubmed", "cinahl", "embase", "cochrane", "nice", "trip", "psycinfo",
            "knowledge and library hub",
            "uptodate", "dynamed", "bmj best practice", "google scholar", "emcare", "hmic", "epistemonikos")
_RELATIVE = re.compile(r"\b(?:relative risk|risk ratio|odds ratio|hazard ratio|relative(?:ly)? reduc\w*|"
                       r"\d+(?:\.\d+)?\s*%\s*(?:lower|higher|reduction|increase|less|more|fewer)|"
                       r"by\s+\d+(?:\.\d+)?\s*%|halved|doubled|"
                       r"(?:by|of)\s+(?:about\s+|around\s+|nearly\s+)?(?:a|one)\s+(?:half|third|quarter|fifth))",
                       re.IGNORECASE)
_ABSOLUTE = re.compile(r"\b(?:\d+\s+(?:in|out of|of every)\s+\d+|per\s+(?:100|1,?000)\b|absolute|"
                       r"percentage points?|number needed to (?:treat|harm)|NNT|NNH|risk difference)", re.IGNORECASE)
_CERTAINTY = re.compile(r"\b(?:certainty|quality of (?:the )?evidence|GRADE|strength of (?:the )?evidence|"
                        r"risk of bias|(?:high|moderate|low|very low)[- ]quality|limitations?|small stud\w*|"
                        r"weak evidence|strong evidence|confiden(?:ce|t))\b", re.IGNORECASE)


def _has_label(text: str, *names: str) -> bool:
    return _label(*names).search(text) is not None


def _label_position(text: str, *names: str) -> int | None:
    """Word offset of the first heading or label with one of ``names``, or None."""
    match = _label(*names).search(text)
    return None if match is None else len(text[:match.start()].split())


def _section(text: str, *names: str) -> str:
    """The text under the first heading or label with one of ``names``, to the next heading."""
    lines = text.splitlines()
    pattern = _label(*names)
    for number, line in enumerate(lines):
        match = pattern.match(line)
        if match:
            rest = [line[match.end():]]
            for following in lines[number + 1:]:
                if re.match(r"^\s*#{1,6}\s", following):
                    break
                rest.append(following)
            return "\n".join(rest)
    return ""


def _prose(text: str) -> str:
    """The summary without its reference list, headings and list markers: the part people read."""
    body = text
    for name in ("References", "Reference list", "Sources"):
        position = _label(name).search(body)
        if position:
            body = body[:position.start()]
    lines = [re.sub(r"^\s*(?:#{1,6}\s+.*|[-*+]\s+|\d+[.)]\s+)", "", line) for line in body.splitlines()]
    return "\n".join(lines)


def _cited_numbers(text: str) -> set[int]:
    numbers: set[int] = set()
    for group in _CITATION.findall(_prose(text)):
        for part in re.split(r"\s*,\s*", group):
            bounds = re.split(r"\s*[-–]\s*", part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                numbers.update(range(int(bounds[0]), int(bounds[1]) + 1))
            elif part.strip().isdigit():
                numbers.add(int(part))
    return numbers


def _reference_numbers(text: str) -> set[int]:
    section = _section(text, "References", "Reference list", "Sources")
    found = set()
    for line in section.splitlines():
        match = _REFERENCE_ITEM.match(line)
        if match:
            found.add(int(match.group(1) or match.group(2)))
    return found


@dataclass(frozen=True)
class CriterionResult:
    id: str
    title: str
    points: int
    automatic: bool
    met: bool | None             # None: marked by the tutor
    feedback: str

    @property
    def earned(self) -> int:
        return self.points if self.met else 0


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    points: int
    check: Callable[[str], tuple[bool, str]] | None = None   # None: marked by the tutor
    guidance: str = ""

    @property
    def automatic(self) -> bool:
        return self.check is not None


def _question(text: str) -> tuple[bool, str]:
    if _has_label(text, "Question", "The question", "Your question", "Request"):
        return True, "The requester's question is stated, so the reader can check the summary answers it."
    return False, "Start with the question you were asked, under a heading such as '## Question'."


def _bottom_line(text: str) -> tuple[bool, str]:
    where = _label_position(text, "Bottom line", "Key message", "Key messages", "Answer", "In brief",
                            "Summary of findings")
    if where is None:
        return False, "Add a '## Bottom line' (or 'Key messages') section: the answer in two or three sentences."
    if where > BOTTOM_LINE_WITHIN:
        return False, (f"The bottom line starts after {where} words; move it near the top (within the first "
                       f"{BOTTOM_LINE_WITHIN} words), so a busy reader sees the answer first.")
    body = _section(text, "Bottom line", "Key message", "Key messages", "Answer", "In brief", "Summary of findings")
    if len(body.split()) < 5:
        return False, "The bottom line section is empty or too short to answer the question; write the answer there."
    return True, "The answer comes first, where a busy reader will see it."


def _search(text: str) -> tuple[bool, str]:
    lowered = text.casefold()
    named = [s for s in _SOURCES if s in lowered]
    dated = bool(_DATE.search(text))
    if named and dated:
        return True, (f"You say what was searched ({', '.join(named[:4])}) and when, so the reader can judge "
                      "how complete it is.")
    missing = []
    if not named:
        missing.append("which sources you searched (e.g. MEDLINE, CINAHL, the Cochrane Library, NICE)")
    if not dated:
        missing.append("the date of the search (e.g. 3 December 2026)")
    return False, "Say " + " and ".join(missing) + "."


def _references(text: str) -> tuple[bool, str]:
    cited, listed = _cited_numbers(text), _reference_numbers(text)
    if not cited:
        return False, ("Cite your sources in the text with numbers in square brackets, e.g. [1], and list them "
                       "under '## References'.")
    if not listed:
        return False, "There are citations but no numbered reference list: add '## References' with 1., 2. ..."
    problems = []
    if cited - listed:
        problems.append("cited but not in the list: " + ", ".join(f"[{n}]" for n in sorted(cited - listed)))
    if listed - cited:
        problems.append("listed but never cited: " + ", ".join(str(n) for n in sorted(listed - cited)))
    if problems:
        return False, "Citations and references do not match (" + "; ".join(problems) + ")."
    return True, f"All {len(cited)} cited sources are in the reference list, and nothing is listed that is not cited."


def _certainty(text: str) -> tuple[bool, str]:
    if _CERTAINTY.search(_prose(text)):
        return True, "You tell the reader how far the evidence can be trusted."
    return False, ("Say how much confidence the evidence deserves and why (its certainty or quality, the size and "
                   "design of the studies, their limitations).")


def _absolute(text: str) -> tuple[bool, str]:
    prose = _prose(text)
    if not _RELATIVE.search(prose):
        return True, "No relative-only figures to worry about."
    if _ABSOLUTE.search(prose):
        return True, ("Relative effects come with absolute numbers (e.g. 7 in 100, NNT), which readers "
                      "understand better.")
    return False, ("You give a relative effect (a ratio or a % reduction) but no absolute figure. Add the absolute "
                   "numbers, e.g. '14 in 100 fell with usual care and 7 in 100 with education'.")


def _length(text: str) -> tuple[bool, str]:
    words = len(split_words(_prose(text)))
    if words > WORD_LIMIT:
        return False, f"{words} words, over the limit of {WORD_LIMIT} (not counting references). Cut to the essentials."
    if words < 80:
        return False, f"Only {words} words: too short to give the answer, the evidence and its limits."
    return True, f"{words} words, within the limit of {WORD_LIMIT} (references not counted)."


def _plain(text: str) -> tuple[bool, str]:
    sentences = [s for s in split_sentences(_prose(text)) if split_words(s)]
    if not sentences:
        return False, "There is no running text to check."
    average = sum(len(split_words(s)) for s in sentences) / len(sentences)
    if average > SENTENCE_LIMIT:
        longest = max(sentences, key=lambda s: len(split_words(s)))
        return False, (f"Sentences average {average:.0f} words (aim for under {SENTENCE_LIMIT}). Split the longest: "
                       f"\"{' '.join(longest.split()[:12])}...\"")
    return True, f"Sentences average {average:.0f} words: easy to read."


CRITERIA: tuple[Criterion, ...] = (
    Criterion("question", "States the requester's question", 1, _question),
    Criterion("bottom_line", "Gives the bottom line first", 2, _bottom_line),
    Criterion("search", "Says what was searched and when", 1, _search),
    Criterion("references", "References every source cited, and only those", 1, _references),
    Criterion("certainty", "Says how far the evidence can be trusted", 1, _certainty),
    Criterion("absolute", "Gives absolute numbers alongside relative ones", 1, _absolute),
    Criterion("length", f"Keeps within {WORD_LIMIT} words", 1, _length),
    Criterion("plain", "Uses short, plain sentences", 1, _plain),
    Criterion("accurate", "Reports the studies accurately (no claims beyond the evidence)", 3, None,
              "The tutor compares the summary with the sources: effects, numbers and conclusions right, "
              "no overstatement, and disagreement between studies reported."),
    Criterion("fit", "Fits the requester's need and context", 2, None,
              "The tutor judges whether the answer is useful to this requester for this decision, with "
              "local implications and gaps in the evidence noted."),
)


@dataclass(frozen=True)
class RubricResult:
    criteria: tuple[CriterionResult, ...]

    def criterion(self, criterion_id: str) -> CriterionResult:
        for result in self.criteria:
            if result.id == criterion_id:
                return result
        raise SummaryError(f"No criterion {criterion_id!r}",
                           hint="Use one of: " + ", ".join(c.id for c in self.criteria))

    @property
    def automatic_points(self) -> int:
        return sum(c.points for c in self.criteria if c.automatic)

    @property
    def earned(self) -> int:
        return sum(c.earned for c in self.criteria if c.automatic)

    @property
    def tutor_points(self) -> int:
        return sum(c.points for c in self.criteria if not c.automatic)

    def text(self) -> str:
        lines = [f"Checked automatically: {self.earned} of {self.automatic_points} points. "
                 f"Marked by your tutor: {self.tutor_points} more points."]
        for c in self.criteria:
            mark = "tutor" if c.met is None else ("✓" if c.met else "✗")
            lines.append(f"[{mark}] {c.title} ({c.points}): {c.feedback}")
        return "\n".join(lines)


@dataclass
class SummaryRubric:
    """The criteria an evidence summary is marked against (automatic ones first)."""

    criteria: tuple[Criterion, ...] = field(default=CRITERIA)

    def mark(self, summary: str) -> RubricResult:
        if not isinstance(summary, str):
            raise SummaryError(f"An evidence summary is text; got {type(summary).__name__}",
                               hint='Put the summary in triple quotes: my_summary = """..."""')
        if not summary.strip() or summary.strip() == "...":
            raise SummaryError("The summary is empty", hint="Write your summary in the cell, then mark it again.")
        results = []
        for criterion in self.criteria:
            if criterion.check is None:
                results.append(CriterionResult(criterion.id, criterion.title, criterion.points, False, None,
                                               criterion.guidance))
            else:
                met, feedback = criterion.check(summary)
                results.append(CriterionResult(criterion.id, criterion.title, criterion.points, True, met, feedback))
        return RubricResult(tuple(results))


def mark_summary(summary: str) -> RubricResult:
    """Mark a summary against the kit's rubric (a shortcut for ``SummaryRubric().mark(summary)``)."""
    return SummaryRubric().mark(summary)
