"""An advocacy card in the #AMillionDecisions form: one decision, what the library did, the difference.

#AMillionDecisions is the joint Health Education England and CILIP initiative (launched January 2017)
calling for every healthcare decision to draw on evidence mobilised by library and knowledge specialists.
Its advocacy material turns impact case studies into short cards that a senior leader reads in a minute.
The parts below are this kit's reading of that form, not an official template: a headline, who needed
evidence for which decision, what the service did, the difference it made, a quote with its speaker's
role, and how you know. :meth:`AdvocacyCard.check` says which parts still need work, and
:meth:`AdvocacyCard.to_html` writes the card as a self-contained, accessible HTML page (a language, a
title, real headings, a quotation marked up as one, high-contrast colours, no images) once it is ready.

Example::

    >>> card = AdvocacyCard(headline="Evidence summary changed the falls policy",
    ...     decision="The falls group had two weeks to decide how to revise the inpatient falls policy.",
    ...     service="The clinical librarian searched three databases and wrote a two-page summary.",
    ...     difference="The group added medication review to the policy, citing two reviews we found.",
    ...     quote="The summary gave us the evidence in one place, in time for the meeting.",
    ...     quote_by="Lead nurse, falls prevention group",
    ...     evidence="Email from the lead nurse, 12 March 2026; policy version 4.0.",
    ...     permission=True)
    >>> card.ready()
    True
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from html import escape
from pathlib import Path
from typing import Any

from ...errors import SearchCraftError
from ...files import write_atomically
from .findings import DraftFinding

HASHTAG = "#AMillionDecisions"
MAX_CARD_WORDS = 150


class AdvocacyCardError(SearchCraftError):
    """A card that cannot be exported as it stands."""


@dataclass(frozen=True)
class CardPart:
    key: str
    label: str
    prompt: str
    min_words: int
    max_words: int


CARD_PARTS: tuple[CardPart, ...] = (
    CardPart("headline", "Headline",
             "The difference made, in one line a busy leader will remember.", 3, 15),
    CardPart("decision", "The decision",
             "Who needed evidence, for which decision, and why it mattered then.", 8, 45),
    CardPart("service", "What the library and knowledge service did",
             "The search, summary or support you gave, and how quickly.", 6, 40),
    CardPart("difference", "The difference it made",
             "What changed: a decision, a policy, care, time or money saved. Not only what you did.", 6, 45),
    CardPart("quote", "In their words", "A short quotation from the person you helped.", 5, 40),
    CardPart("quote_by", "Who said it", "Their role (and name only with their permission).", 2, 12),
    CardPart("evidence", "How we know", "The source and its date: an email, minutes, a changed document.", 4, 30),
)

# Words that say something changed, so a "difference" is an outcome, not a restated activity.
_CHANGE = re.compile(
    r"\b(chang\w*|sav\w*|avoid\w*|reduc\w*|improv\w*|inform\w*|decid\w*|decision\w*|updat\w*|adopt\w*|"
    r"stopp\w*|start\w*|prevent\w*|revis\w*|add\w*|remov\w*|introduc\w*|shorten\w*|cut|led to|confirm\w*|"
    r"cancel\w*|agreed|approv\w*|fund\w*|implement\w*)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_NHS_NUMBER = re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b")
_DATE_OF_BIRTH = re.compile(r"\b(date of birth|d\.?o\.?b\.?|born on)\b", re.IGNORECASE)


class CardFinding(DraftFinding):
    """One thing the check found: which part of the card, what, and whether it stops the card being shared."""

    @property
    def part(self) -> str:
        """The card part's label (the card's word for :attr:`where`)."""
        return self.where


def _words(text: str) -> int:
    return len(text.split())


@dataclass
class AdvocacyCard:
    """The text of each part, the service's name for the footer, and whether the people quoted agreed."""

    headline: str = ""
    decision: str = ""
    service: str = ""
    difference: str = ""
    quote: str = ""
    quote_by: str = ""
    evidence: str = ""
    service_name: str = ""
    permission: bool = False

    def part(self, key: str) -> str:
        return " ".join(str(getattr(self, key)).split())

    def word_count(self) -> int:
        """Words on the face of the card (every part but the footer)."""
        return sum(_words(self.part(p.key)) for p in CARD_PARTS)

    def check(self) -> list[CardFinding]:
        """Everything to fix (blocking) or consider, in the order the parts appear on the card."""
        found: list[CardFinding] = []
        for p in CARD_PARTS:
            n = _words(self.part(p.key))
            if n == 0:
                found.append(CardFinding(p.label, f"missing. {p.prompt}"))
            elif n < p.min_words:
                found.append(CardFinding(p.label, f"only {n} word{'s' if n != 1 else ''}; say more. {p.prompt}"))
            elif n > p.max_words:
                found.append(CardFinding(p.label, f"{n} words; cut it to {p.max_words} or fewer."))
        difference = self.part("difference")
        if difference and not _CHANGE.search(difference):
            found.append(CardFinding("The difference it made",
                                     "it does not say what changed. Name the decision, the change to care or "
                                     "policy, or the time or money saved."))
        evidence = self.part("evidence")
        if evidence and not _YEAR.search(evidence):
            found.append(CardFinding("How we know", "give the date of the source (at least the year)."))
        quote = self.part("quote")
        if quote and quote.strip("\"'“”‘’ ") and quote.strip("\"'“”‘’ ").casefold() in difference.casefold():
            found.append(CardFinding("In their words", "the quote repeats the difference; use the person's own words.",
                                     blocking=False))
        for p in CARD_PARTS:
            text = self.part(p.key)
            if _NHS_NUMBER.search(text) or _DATE_OF_BIRTH.search(text):
                found.append(CardFinding(p.label, "it looks as if it identifies a patient (an NHS number or date "
                                                  "of birth). Remove it: a card is shared widely."))
        if self.word_count() > MAX_CARD_WORDS:
            found.append(CardFinding("Whole card", f"{self.word_count()} words; a card a leader reads in a minute "
                                                   f"has {MAX_CARD_WORDS} or fewer.", blocking=False))
        if not self.permission:
            found.append(CardFinding("Permission", "confirm that the people quoted and described agreed to the "
                                                   "card being shared."))
        return found

    def ready(self) -> bool:
        """True when nothing blocking is left, so the card can be exported."""
        return not any(f.blocking for f in self.check())

    def to_html(self) -> str:
        """The card as a standalone, accessible HTML page; refuses while anything blocking is left."""
        blocking = [str(f) for f in self.check() if f.blocking]
        if blocking:
            raise AdvocacyCardError("The card is not ready to share: " + "; ".join(blocking),
                                    hint="Fix each part listed, then export again.")
        e = {p.key: escape(self.part(p.key)) for p in CARD_PARTS}
        footer = escape(self.part("service_name")) or "Our library and knowledge service"
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e['headline']} ({HASHTAG})</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; color: #212b32; background: #ffffff; margin: 0; line-height: 1.5; }}
main {{ max-width: 40em; margin: 1.5em auto; border: 2px solid #005eb8; }}
header {{ background: #005eb8; color: #ffffff; padding: 0.75em 1em; }}
header h1 {{ margin: 0; font-size: 1.5em; }}
section {{ padding: 0 1em; }}
h2 {{ font-size: 1.1em; color: #003087; margin: 1em 0 0.25em; }}
blockquote {{ border-left: 4px solid #005eb8; margin: 1em; padding: 0 1em; font-size: 1.1em; }}
footer {{ border-top: 1px solid #425563; padding: 0.5em 1em; font-weight: bold; }}
@media print {{ main {{ border-color: #000000; }} }}
</style>
</head>
<body>
<main>
<article aria-labelledby="card-headline">
<header><h1 id="card-headline">{e['headline']}</h1></header>
<section><h2>The decision</h2><p>{e['decision']}</p></section>
<section><h2>What we did</h2><p>{e['service']}</p></section>
<section><h2>The difference it made</h2><p>{e['difference']}</p></section>
<figure>
<blockquote><p>{e['quote']}</p></blockquote>
<figcaption>&mdash; {e['quote_by']}</figcaption>
</figure>
<section><h2>How we know</h2><p>{e['evidence']}</p></section>
<footer><p>{footer} &middot; {HASHTAG}</p></footer>
</article>
</main>
</body>
</html>
"""

    def export(self, path: str | Path) -> Path:
        """Write :meth:`to_html` to ``path`` atomically (nothing is written if the card is not ready)."""
        target = Path(path)
        if target.suffix.lower() not in (".html", ".htm"):
            raise AdvocacyCardError(f"{target} does not end in .html",
                                    hint="Give a file name such as 'my-card.html'.")
        html = self.to_html()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, html)
        return target

    def to_state(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> AdvocacyCard:
        known = {f.name for f in fields(cls)}
        unknown = set(state) - known
        if unknown:
            raise AdvocacyCardError(f"Unknown card parts in saved work: {', '.join(sorted(unknown))}",
                                    hint="The file may come from another widget; start a new card.")
        values: dict[str, Any] = {k: (bool(v) if k == "permission" else str(v)) for k, v in state.items()}
        return cls(**values)
