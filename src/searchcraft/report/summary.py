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
:func:`~searchcraft.practice.exercise.mark_strategy` does), the counts by running the strategy
again, and each part by whether it is there.

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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import ReportError

if TYPE_CHECKING:  # pragma: no cover
    from ..practice import PracticeDatabase
    from ..practice.goldset import GoldSet

_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4})\b")
_NUMBERING = re.compile(r"^\s*\d+[.:)]?\s+")  # "1. " or "1 " typed before a line


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
    found: int
    duplicates_removed: int
    sent: int
    limitations: str
    line_counts: list[int] = field(default_factory=list)

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
        return (f"Search summary for: {self.requester}\nQuestion: {self.question}\n"
                f"Sources searched:\n{sources}\nSearch strategy:\n{strategy}\nLimits: {self.limits}\n"
                f"Results: {self.found:,} found, {self.duplicates_removed:,} duplicates removed, "
                f"{self.sent:,} sent.\nLimitations: {self.limitations}")


@dataclass(frozen=True)
class SummaryMark:
    """Marks for a summary, with a comment for every part that lost marks."""

    marks: float
    out_of: float
    comments: tuple[str, ...]
    recall: float
    last_line_count: int | None

    @property
    def feedback(self) -> str:
        head = f"Marks: {self.marks:g} out of {self.out_of:g}."
        if not self.comments:
            return head + (" The summary has every part, its counts agree with the strategy, and the strategy "
                           "finds what a review search should.")
        return head + "\n" + "\n".join(f"- {comment}" for comment in self.comments)


def _run(strategy: list[str], db: PracticeDatabase) -> list[int]:
    from ..practice import SearchHistory

    history = SearchHistory(db)
    counts = []
    for number, line in enumerate(strategy, start=1):
        text = _NUMBERING.sub("", line).strip()
        try:
            counts.append(history.add(text).count)
        except Exception as error:  # a learner's line: say which one and why, keep the rest
            raise SummaryError(f"Line {number} of the strategy could not be run: {error}",
                               hint="Copy each line exactly as you ran it in the search builder.") from error
    return counts


def mark_summary(summary: SearchSummary, gold: GoldSet | str, *, db: PracticeDatabase | None = None,
                 out_of: float = 6) -> SummaryMark:
    """Mark a search summary: question 1, sources 1, strategy 2 (recall first), counts 1, limits 1.

    The strategy is run again on the practice database: the summary's ``found`` must be what its
    last line finds, and ``sent`` must be ``found`` less the duplicates removed. Marks scale to
    ``out_of``.
    """
    from ..practice import PracticeDatabase
    from ..practice.exercise import mark_strategy

    if not summary.strategy:
        raise SummaryError("The summary has no search strategy", hint="List the lines you ran, one per item.")
    database = db or PracticeDatabase.bundled()
    counts = _run(summary.strategy, database)
    summary.line_counts = counts
    comments: list[str] = []
    score = 0.0
    if summary.question.strip().endswith("?") and len(summary.question.split()) >= 5:
        score += 1
    else:
        comments.append("State the question as agreed with the requester, as a full question.")
    dated = [s for s in summary.sources if s.database.strip() and s.platform.strip() and _DATE.search(s.date_searched)]
    if summary.sources and len(dated) == len(summary.sources):
        score += 1
    else:
        comments.append("Name every source with its platform and the date you searched it "
                        "(e.g. 2026-12-03): the same database can give different results on two platforms.")
    strategy_text = "\n".join(_NUMBERING.sub("", line).strip() for line in summary.strategy)
    strategy_mark = mark_strategy(strategy_text, gold, db=db)
    score += 2 * strategy_mark.marks / strategy_mark.out_of
    if strategy_mark.marks < strategy_mark.out_of:
        comments.append(f"The strategy finds {strategy_mark.evaluation.recall:.0%} of the relevant records "
                        f"({strategy_mark.marks:g} of {strategy_mark.out_of:g} for a review search): "
                        "see mark_strategy's feedback for what it missed and why.")
    last = counts[-1]
    if summary.found == last and summary.sent == summary.found - summary.duplicates_removed:
        score += 1
    else:
        comments.append(f"The counts do not agree with the strategy: its last line finds {last:,}, and "
                        "sent should be found less the duplicates removed.")
    if summary.limits.strip() and len(summary.limitations.split()) >= 6:
        score += 1
    else:
        comments.append("Say which limits you applied (or that there were none) and what the search could "
                        "not do: sources not searched, records not screened, full text not checked.")
    marks = math.floor(out_of * score / 6 * 2 + 1e-9) / 2
    return SummaryMark(marks, out_of, tuple(comments), strategy_mark.evaluation.recall, last)
