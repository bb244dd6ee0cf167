"""The search summary a librarian hands back with the results, and how the kit marks one.

A mediated search ends with something the requester can read and trust: the question as agreed in
the reference interview, where and when the librarian searched, the strategy in full with the count
of each line, the limits, what was found and sent, and what the search could not do. The HEE
National Searching Guidance (NHS England Knowledge and Library Services) asks librarians to agree
the question, limits, date range and languages with the requester before searching and to send
results with the search strategy included; PRISMA-S (Rethlefsen et al. 2021, doi:10.1186/
s13643-020-01542-z) lists what makes a search reproducible: each database with its platform, the
date searched, the full strategy and the limits. :class:`SearchSummary` holds those parts and
:func:`mark_summary` marks one against the practice database: the strategy recall-first (as
:func:`~searchcraft.practice.exercise.mark_strategy` does, braked for the kind of search the
requester asked for: ``purpose="quick-answer"`` for a busy clinician, ``"systematic-review"`` for
a search that must find everything), the counts by running the strategy again, and each part by
whether it is there; a part that is missing loses its marks and the feedback names it.
:meth:`SearchSummary.from_text` reads a summary typed as plain text under headings
(``Question:``, ``Sources:``, ``Strategy:``, ``Limits:``, ``Found:``, ``Duplicates removed:``,
``Sent:``, ``Limitations:``), so that a learner on the published site fills in one text box and
edits no code.

Example::

    >>> summary = SearchSummary(
    ...     requester="Ward manager, older people's unit",
    ...     question="Do exercise programmes prevent falls in older people?",
    ...     sources=[SourceSearched("Practice database (MEDLINE-like)", "SearchCraft", "2026-12-03")],
    ...     strategy=['"Accidental Falls"[mh] OR falls[tiab]', 'exercise[tiab] OR "Exercise"[mh]',
    ...               '#1 AND #2'],
    ...     limits="None: all years and languages, as agreed.",
    ...     found=180, duplicates_removed=0, sent=180,
    ...     limitations="Only one database was searched; the records have not been screened.")
    >>> summary.lines()[2]
    '#3 #1 AND #2'
    >>> typed = SearchSummary.from_text('''Question: Do exercise programmes prevent falls in older people?
    ... Sources: Practice database (MEDLINE-like); SearchCraft; 2026-12-03
    ... Strategy:
    ... 1 falls[tiab]
    ... 2 exercise[tiab]
    ... 3 #1 AND #2
    ... Found: 1,204
    ... Limitations: ...''', requester="Ward manager")
    >>> typed.sources[0].platform, typed.strategy[2], typed.found, typed.sent, typed.limitations
    ('SearchCraft', '3 #1 AND #2', 1204, None, '')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import ReportError

if TYPE_CHECKING:  # pragma: no cover
    from ..practice import PracticeDatabase, SearchHistory
    from ..practice.goldset import GoldSet
    from ..practice.purpose import SearchPurpose

_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4})\b")
_NUMBERING = re.compile(r"^\s*\d+[.:)]?\s+")  # "1. " or "1 " typed before a line
# The headings of a summary typed as text, in the learner's words, and the field each fills.
_HEADINGS = {
    "requester": "requester", "requested by": "requester", "for": "requester",
    "question": "question", "question as agreed": "question", "agreed question": "question",
    "source": "sources", "sources": "sources", "sources searched": "sources", "databases": "sources",
    "strategy": "strategy", "search strategy": "strategy",
    "limits": "limits", "limits applied": "limits",
    "found": "found", "records found": "found",
    "duplicates removed": "duplicates_removed", "duplicates": "duplicates_removed",
    "sent": "sent", "records sent": "sent",
    "limitations": "limitations",
}
_HEADING_LINE = re.compile(r"^\s*(?:#+\s*)?(" + "|".join(sorted(map(re.escape, _HEADINGS), key=len, reverse=True))
                           + r")\s*:\s*(.*)$", re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,]*")
_LIMIT_FIELDS = re.compile(r"\[(dp|pdat|la|lang|pt|ptyp)\]", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^[\s.…_?-]*$")


class SummaryError(ReportError):
    """A search summary that cannot be read or marked."""


@dataclass(frozen=True)
class SourceSearched:
    """One source: the database, the platform it was searched on and the date of the search."""

    database: str
    platform: str
    date_searched: str
    coverage: str = ""


@dataclass
class SearchSummary:
    """What goes back to the requester with the results (see the module notes)."""

    requester: str
    question: str
    sources: list[SourceSearched]
    strategy: list[str]
    limits: str
    found: int | None
    duplicates_removed: int | None
    sent: int | None
    limitations: str
    line_counts: list[int] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, *, requester: str = "") -> SearchSummary:
        """Read a summary typed under headings (see the module notes); a part left out, or left
        as ``...``, is empty (or ``None`` for a count), so that marking can say it is missing.

        Each source is one line, ``database; platform; date`` (``|`` also separates); each
        strategy line is one line, with or without its number.
        """
        if not isinstance(text, str):
            raise SummaryError("The summary must be text", hint="Write it between the triple quotes.")
        parts: dict[str, list[str]] = {}
        current = None
        for line in text.splitlines():
            heading = _HEADING_LINE.match(line)
            if heading:
                current = _HEADINGS[heading.group(1).lower()]
                parts.setdefault(current, [])
                line = heading.group(2)
            if current is None:
                continue
            if line.strip() and not _PLACEHOLDER.match(line):
                parts[current].append(line.strip())

        def words(name: str) -> str:
            return " ".join(parts.get(name, []))

        def number(name: str) -> int | None:
            found = _NUMBER.search(words(name))
            return int(found.group().replace(",", "")) if found else None

        sources = []
        for line in parts.get("sources", []):
            pieces = ["" if _PLACEHOLDER.match(piece) else piece.strip()
                      for piece in re.split(r"[;|]", line.lstrip("-*• ").strip())]
            if not any(pieces):
                continue
            pieces += [""] * (4 - len(pieces))
            sources.append(SourceSearched(pieces[0], pieces[1], pieces[2], "; ".join(p for p in pieces[3:] if p)))
        strategy = [line.lstrip("-*• ").strip() for line in parts.get("strategy", [])]
        strategy = [line for line in strategy if not _PLACEHOLDER.match(_NUMBERING.sub("", line + " "))]
        return cls(requester=words("requester") or requester, question=words("question"), sources=sources,
                   strategy=strategy, limits=words("limits"), found=number("found"),
                   duplicates_removed=number("duplicates_removed"), sent=number("sent"),
                   limitations=words("limitations"))

    def lines(self) -> list[str]:
        """The strategy as numbered lines (``#1 ...``), without any numbering the learner typed."""
        return [f"#{number} {_NUMBERING.sub('', line).strip()}"
                for number, line in enumerate(self.strategy, start=1)]

    def text(self) -> str:
        """The summary as the requester reads it."""
        counts: list[int | None] = list(self.line_counts) if self.line_counts else [None] * len(self.strategy)
        strategy = "\n".join(f"  {line}" + (f"  ({count:,} results)" if count is not None else "")
                             for line, count in zip(self.lines(), counts, strict=False))
        sources = "\n".join(f"  {s.database}, searched on {s.platform} on {s.date_searched}"
                            + (f" (coverage {s.coverage})" if s.coverage else "") for s in self.sources)
        def count(value: int | None) -> str:
            return "(not given)" if value is None else f"{value:,}"

        return (f"Search summary for: {self.requester or '(not given)'}\n"
                f"Question: {self.question or '(not given)'}\n"
                f"Sources searched:\n{sources or '  (none given)'}\n"
                f"Search strategy:\n{strategy or '  (none given)'}\nLimits: {self.limits or '(not given)'}\n"
                f"Results: {count(self.found)} found, {count(self.duplicates_removed)} duplicates removed, "
                f"{count(self.sent)} sent.\nLimitations: {self.limitations or '(not given)'}")


@dataclass(frozen=True)
class SummaryMark:
    """Marks for a summary, with a comment for every part that lost marks."""

    marks: float
    out_of: float
    comments: tuple[str, ...]
    recall: float
    last_line_count: int | None
    purpose_label: str = "a systematic review search"

    @property
    def feedback(self) -> str:
        head = f"Marks: {self.marks:g} out of {self.out_of:g}."
        if not self.comments:
            return (head + " The summary has every part, its counts agree with the strategy, and the "
                    f"strategy finds what {self.purpose_label} should.")
        return head + "\n" + "\n".join(f"- {comment}" for comment in self.comments)


def _run(strategy: list[str], db: PracticeDatabase) -> SearchHistory:
    from ..practice import SearchHistory

    history = SearchHistory(db)
    for number, line in enumerate(strategy, start=1):
        text = _NUMBERING.sub("", line).strip()
        try:
            history.add(text)
        except Exception as error:  # a learner's line: say which one and why, keep the rest
            raise SummaryError(f"Line {number} of the strategy could not be run: {error}",
                               hint="Copy each line exactly as you ran it in the search builder.") from error
    return history


def _duplicates(database: PracticeDatabase, history: SearchHistory) -> int:
    """How many duplicates :func:`~searchcraft.report.deduplicate` removes from the last line's records."""
    from .dedup import deduplicate

    return deduplicate(database.fetch(history.result(history.lines[-1].number).ids)).removed


def mark_summary(summary: SearchSummary, gold: GoldSet | str, *, db: PracticeDatabase | None = None,
                 out_of: float = 6, purpose: str | SearchPurpose = "systematic-review",
                 check_duplicates: bool = False) -> SummaryMark:
    """Mark a search summary: question 1, sources 1, strategy 2 (recall first), counts 1, limits
    and limitations 1 (half each).

    The strategy is run again on the practice database and marked for ``purpose`` (the kind of
    search the requester asked for, see :mod:`searchcraft.practice.purpose`): the summary's
    ``found`` must be what its last line finds, and ``sent`` must be ``found`` less the duplicates
    removed. With ``check_duplicates`` (a task that asks the learner to deduplicate the results),
    the duplicates removed must also be what :func:`~searchcraft.report.deduplicate` finds among
    the last line's records. A part that is missing loses its marks with a comment naming it; a
    strategy line that cannot be run is an error naming the line. Marks scale to ``out_of``.
    """
    from ..practice import PracticeDatabase
    from ..practice.exercise import mark_strategy
    from ..practice.purpose import search_purpose

    kind = search_purpose(purpose)
    database = db or PracticeDatabase.bundled()
    history = _run(summary.strategy, database) if summary.strategy else None
    counts = [line.count for line in history.lines] if history is not None else []
    summary.line_counts = counts
    comments: list[str] = []
    score = 0.0
    if summary.question.strip().endswith("?") and len(summary.question.split()) >= 5:
        score += 1
    else:
        comments.append("State the question as agreed with the requester, as a full question."
                        if summary.question.strip() else
                        "The question is missing: write it as you agreed it with the requester, as a full question.")
    dated = [s for s in summary.sources if s.database.strip() and s.platform.strip() and _DATE.search(s.date_searched)]
    if summary.sources and len(dated) == len(summary.sources):
        score += 1
    elif not summary.sources:
        comments.append("The sources are missing: name each database you searched, its platform and the date "
                        "(e.g. Practice database (MEDLINE-like); SearchCraft; 2026-12-03).")
    else:
        comments.append("Name every source with its platform and the date you searched it "
                        "(e.g. 2026-12-03): the same database can give different results on two platforms.")
    recall = 0.0
    last: int | None = None
    if not summary.strategy:
        comments.append("The search strategy is missing: list every line exactly as you ran it, one per line, "
                        "so the requester (or a colleague) can run it again. Without it the counts cannot be "
                        "checked either.")
    else:
        strategy_text = "\n".join(_NUMBERING.sub("", line).strip() for line in summary.strategy)
        strategy_mark = mark_strategy(strategy_text, gold, db=db, purpose=kind)
        recall = strategy_mark.evaluation.recall
        score += 2 * strategy_mark.marks / strategy_mark.out_of
        if strategy_mark.marks < strategy_mark.out_of:
            e = strategy_mark.evaluation
            comments.append(f"The strategy finds {e.recall:.0%} of the relevant records among {e.retrieved:,} "
                            f"results ({strategy_mark.marks:g} of {strategy_mark.out_of:g} for "
                            f"{kind.label}, {kind.describe_brake(strategy_mark.ceiling)}): run it through "
                            "mark_strategy or the search builder's \"How did I do?\" to see what it missed and why.")
        last = counts[-1]
        given = [summary.found, summary.duplicates_removed, summary.sent]
        if any(value is None for value in given):
            missing = [name for name, value in zip(("found", "duplicates removed", "sent"), given, strict=True)
                       if value is None]
            comments.append(f"The counts are missing ({', '.join(missing)}): say how many records the search found "
                            f"(its last line finds {last:,}), how many duplicates you removed (0 if none) and "
                            "how many you sent.")
        elif (summary.found == last and summary.duplicates_removed is not None
              and summary.sent == summary.found - summary.duplicates_removed):
            expected = (_duplicates(database, history) if check_duplicates and history is not None
                        else summary.duplicates_removed)
            if summary.duplicates_removed == expected:
                score += 1
            else:
                comments.append(f"The duplicates removed ({summary.duplicates_removed:,}) are not what deduplicating "
                                f"the {last:,} records finds ({expected:,}): run deduplicate on the last line's "
                                "records and report its figures.")
        else:
            comments.append(f"The counts do not agree with the strategy: its last line finds {last:,}, and "
                            "sent should be found less the duplicates removed.")
    limits = summary.limits.strip()
    used = sorted({match.lower() for line in summary.strategy for match in _LIMIT_FIELDS.findall(line)})
    if not limits:
        comments.append("The limits are missing: say which limits you applied (dates, languages, publication "
                        "types) and why, or write \"None\" if you applied none.")
    elif used and limits.lower().startswith(("none", "no limit", "no ")):
        comments.append(f"The limits say none, but the strategy limits by {', '.join(f'[{u}]' for u in used)}: "
                        "name each limit and the reason agreed with the requester.")
    else:
        score += 0.5
    if len(summary.limitations.split()) >= 6:
        score += 0.5
    else:
        comments.append("The limitations are missing or too short: say what the search could not do (sources "
                        "not searched, records not screened, full text not checked) so the requester can "
                        "weigh the results.")
    marks = math.floor(out_of * score / 6 * 2 + 1e-9) / 2
    return SummaryMark(marks, out_of, tuple(comments), recall, last, kind.label)
