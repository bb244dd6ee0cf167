"""The kind of search a task asks for, and the brake it puts on a strategy that finds too much.

Every search exercise is marked on recall first: a strategy earns marks for the relevant records it
finds. What stops "find everything" from being the answer is a *brake* that depends on what the
search is for, as a librarian would judge it:

* **a systematic review search** must find as much as it can, and review teams accept reading a
  great deal to do so. Sampson, Tetzlaff and Urquhart (Res Synth Methods 2011;2:119-25,
  doi:10.1002/jrsm.42) measured 94 health systematic reviews: median precision 2.9%, interquartile
  range 1.3% to 8.1%. The brake is the *number needed to read* (records screened per relevant
  record found): up to 75 (about the least precise quarter of real review searches, 1/0.013)
  costs nothing;
* **a quick clinical answer** is read by a busy clinician between other work: the brake is the
  number of results, at most 50 (the Cochrane Handbook 5.1, section 6.4.4, estimates scan-reading
  at about two abstracts a minute, so 50 records are about half an hour), and credit is for the
  relevant records within what can be read;
* **a current-awareness alert** arrives again every week: if most of it is noise it is soon
  ignored, so the brake is a number needed to read of 3 (at least one record in three worth
  reading; none at one in six). This figure is the kit's teaching choice, not a published
  standard.

The practice database is small and holds far more relevant records for its size than MEDLINE, so
reading *all* of it may cost fewer records per relevant one than a real review reads. A number
needed to read ceiling is therefore scaled to the database: it is at most a quarter of what
reading the whole database would cost (a search must at least quarter the reading). For a
systematic review search it is never less than twice what the exercise's own reference strategy
needs, because that reference *is* a review search (the model answer is never braked).

Beyond its ceiling a strategy loses marks steadily: each step of the ratio ``value / ceiling``
takes marks away on a doubling scale, and at twice the ceiling none are left. So a sensitive
strategy that reads a little more than it needs still scores well, and only a strategy that reads
far more than the task allows scores nothing.

Example::

    >>> review = PURPOSES["systematic-review"]
    >>> review.brake_factor(retrieved=600, found=10, relevant=10)   # reads 60 per relevant: fine
    1.0
    >>> round(review.brake_factor(retrieved=1125, found=10, relevant=10), 2)  # 112.5, 1.5x the ceiling
    0.42
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import SearchCraftError


class PurposeError(SearchCraftError):
    """A search purpose the kit does not know."""


@dataclass(frozen=True)
class SearchPurpose:
    """What a search is for: its name, how a learner reads it, and its brake.

    ``brake`` is ``"nnr"`` (number needed to read) or ``"results"`` (result count); ``ceiling``
    is the value up to which the brake costs nothing.
    """

    name: str
    label: str
    brake: str
    ceiling: float
    why: str
    reference_floor: bool = False

    def ceiling_for(self, *, database_size: int = 0, relevant: int = 0,
                    reference_nnr: float | None = None) -> float:
        """The ceiling on a given database (see the module notes); results ceilings are fixed.

        >>> PURPOSES["systematic-review"].ceiling_for(database_size=8000, relevant=100)
        20.0
        """
        if self.brake == "results" or not database_size or not relevant:
            return float(self.ceiling)
        ceiling = min(float(self.ceiling), database_size / relevant / 4)
        if self.reference_floor and reference_nnr is not None and math.isfinite(reference_nnr):
            ceiling = max(ceiling, 2 * reference_nnr)
        return ceiling

    def value(self, retrieved: int, found: int) -> float:
        """The braked quantity for a result: its number needed to read or its result count."""
        if self.brake == "results":
            return float(retrieved)
        return retrieved / found if found else math.inf

    def brake_factor(self, retrieved: int, found: int, relevant: int,
                     ceiling: float | None = None) -> float:
        """The share of the recall marks kept: 1 up to the ceiling, 0 at twice it or beyond."""
        ceiling = self.ceiling if ceiling is None else ceiling
        value = self.value(retrieved, found)
        if not found:
            return 1.0  # nothing found: recall is already zero, the brake has nothing to take
        if value <= ceiling:
            return 1.0
        return max(0.0, 1.0 - math.log2(value / ceiling))

    def credit(self, found: int, relevant: int) -> float:
        """Recall as this purpose counts it.

        A quick answer cannot be expected to hold more relevant records than can be read, so its
        recall is out of at most ``ceiling`` records.
        """
        if not relevant:
            return 1.0
        if self.brake == "results":
            return min(1.0, found / min(relevant, self.ceiling))
        return found / relevant

    def marks(self, retrieved: int, found: int, relevant: int, ceiling: float,
              out_of: float) -> tuple[float, float]:
        """The marks for a result (``out_of`` times credit times brake, rounded down to the half
        mark) and the brake that applied.

        >>> PURPOSES["systematic-review"].marks(retrieved=600, found=9, relevant=10, ceiling=75, out_of=4)
        (3.5, 1.0)
        """
        brake = self.brake_factor(retrieved, found, relevant, ceiling)
        return math.floor(out_of * self.credit(found, relevant) * brake * 2 + 1e-9) / 2, brake

    def describe_brake(self, ceiling: float | None = None) -> str:
        """The brake in a sentence, e.g. 'up to 75 records read for each relevant one'."""
        ceiling = self.ceiling if ceiling is None else ceiling
        if self.brake == "results":
            return f"up to {ceiling:g} results to read"
        return f"up to {ceiling:.0f} records read for each relevant one"


PURPOSES: dict[str, SearchPurpose] = {
    purpose.name: purpose
    for purpose in (
        SearchPurpose(
            "systematic-review", "a systematic review search", "nnr", 75,
            "A review must find as many of the relevant studies as it can, so recall comes first; "
            "reviewers typically read 12 to 77 records for each study they include "
            "(Sampson et al. 2011).", reference_floor=True),
        SearchPurpose(
            "quick-answer", "a quick clinical answer", "results", 50,
            "A clinician needs the best few studies now: credit is for the relevant records among "
            "what can be read in about half an hour."),
        SearchPurpose(
            "current-awareness", "a current-awareness alert", "nnr", 3,
            "An alert arrives every week: it must keep finding what is new and relevant, and one "
            "that is mostly noise is soon ignored, so at least one record in three should be worth "
            "reading."),
    )
}


def search_purpose(purpose: str | SearchPurpose) -> SearchPurpose:
    """The purpose named ``purpose`` (``"systematic-review"``, ``"quick-answer"``,
    ``"current-awareness"``); a clear error naming them otherwise."""
    if isinstance(purpose, SearchPurpose):
        return purpose
    key = str(purpose).strip().lower().replace("_", "-").replace(" ", "-")
    if key in PURPOSES:
        return PURPOSES[key]
    raise PurposeError(f"There is no kind of search called {purpose!r}",
                       hint=f"Use one of: {', '.join(PURPOSES)}.")
