"""Requests from real kinds of requester, worked from the reference interview to the summary sent back.

Each case is a scenario exercise of the searching modules: a person with a question (a ward
manager, a GP trainee, a commissioner), the question as agreed in the reference interview, the
kind of search it calls for, and the gold set its strategy is marked against. What the learner
hands back is a search summary (:class:`~searchcraft.report.SearchSummary`), typed as text under
headings so that it can be done on the published site without editing code, and marked with
:func:`~searchcraft.report.mark_summary` for the case's purpose: a GP trainee's quick clinical
answer is braked by how much can be read in half an hour, a commissioner's and a ward manager's
evidence reviews by the number needed to read of a review search.

The kinds of request follow the National Searching Guidance (NHS England Knowledge and Library
Services), which gives guidance by type of search: searches for the care of a specific patient are
prioritised, and the librarian checks how recent the evidence should be and whether only
high-level evidence is wanted; its supplement gives example requests and reports, business cases
among them. For every search the librarian first agrees the limits, date range, languages,
deadline and format of the results with the requester.

Example::

    >>> case = requester_case("gp-trainee")
    >>> case.gold, case.purpose, case.module
    ('diabetes-apps-recent', 'quick-answer', 'search-07-limits-filters')
    >>> print(case.template().splitlines()[0])
    Requester: GP trainee, a practice in the city
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import named
from .errors import ReportError
from .summary import SearchSummary, SummaryMark, mark_summary

TEMPLATE = """Requester: {requester}
Question: ...
Sources:
- ...; ...; ...
Strategy:
1 ...
Limits: ...
Found: ...
Duplicates removed: ...
Sent: ...
Limitations: ...
"""


class CaseError(ReportError):
    """A requester case the kit does not know."""


@dataclass(frozen=True)
class RequesterCase:
    """One scenario: who asks, what they wrote, the gold set and the kind of search it calls for.

    ``check_duplicates`` asks that the duplicates removed be what deduplication finds (the case
    that teaches deduplication).
    """

    name: str
    requester: str
    request: str
    gold: str
    purpose: str
    module: str
    check_duplicates: bool = False

    def template(self) -> str:
        """The summary form the learner fills in, with the requester already named."""
        return TEMPLATE.format(requester=self.requester)

    def mark(self, text: str | SearchSummary, **options) -> SummaryMark:
        """Mark a summary (typed text or a :class:`SearchSummary`) for this case's purpose."""
        summary = text if isinstance(text, SearchSummary) else SearchSummary.from_text(text, requester=self.requester)
        return mark_summary(summary, self.gold, purpose=self.purpose, check_duplicates=self.check_duplicates,
                            **options)


CASES: dict[str, RequesterCase] = {
    case.name: case
    for case in (
        RequesterCase(
            "ward-manager", "Ward manager, older people's ward",
            "We've had a run of falls on the ward and I'm putting together a case for a physiotherapy-led "
            "exercise group. Can you find me the evidence that exercise stops older people falling? I need "
            "it for the governance meeting in three weeks.",
            "falls-exercise", "systematic-review", "search-10-reporting"),
        RequesterCase(
            "gp-trainee", "GP trainee, a practice in the city",
            "One of my patients with type 2 diabetes asked me whether she should use an app on her phone to "
            "get her sugars down. Is there any good evidence that they work? I'm seeing her again on Friday, "
            "so I only have time to read a few things.",
            "diabetes-apps-recent", "quick-answer", "search-07-limits-filters"),
        RequesterCase(
            "commissioner", "Commissioning manager, primary care, integrated care board",
            "We're redesigning how patients get same-day appointments with their GP practice and the board "
            "wants to know what the evidence says about video consultations in general practice: do "
            "patients and staff take to them, and what happens to access and workload? The options paper "
            "goes to the board next month.",
            "telehealth-video", "systematic-review", "search-09-managing-results", check_duplicates=True),
    )
}


def requester_case(name: str) -> RequesterCase:
    """The case called ``name`` (``"ward-manager"``, ``"gp-trainee"``, ``"commissioner"``)."""
    key = str(name).strip().lower().replace("_", "-").replace(" ", "-")
    return named(CASES, key, "requester case", CaseError)
