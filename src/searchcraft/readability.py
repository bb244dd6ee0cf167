"""Readability scores for patient information: Flesch Reading Ease, Flesch-Kincaid Grade and SMOG.

Health library staff are often asked to check a leaflet "for readability". These three formulas are
the ones most often reported in studies of patient information. Each uses only counts: sentences,
words, syllables and words of three or more syllables (polysyllables):

- Flesch Reading Ease (Flesch 1948): ``206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)``;
  higher is easier, 60-70 is "plain English".
- Flesch-Kincaid Grade Level (Kincaid et al. 1975): ``0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59``;
  a US school grade (add about five for a reading age in years).
- SMOG grade (McLaughlin 1969): ``1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291``; the
  grade a reader needs to understand the text fully. It was designed for samples of 30 sentences.

The counts are made here by rules, not by a dictionary, so they are estimates: see
:func:`count_syllables` for the rules and their known misses. The formulas say nothing about
layout, the order of ideas, jargon that happens to be short, or whether a reader can act on the text.

Example::

    >>> report = readability("The cat sat on the mat.")
    >>> report.words, report.syllables, report.sentences
    (6, 6, 1)
    >>> round(report.flesch_reading_ease, 3)
    116.145
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import SearchCraftError

SMOG_SAMPLE_SENTENCES = 30

# Flesch's (1948) bands for Reading Ease, lowest score first: (lowest score in band, description).
FLESCH_BANDS = (
    (float("-inf"), "very difficult"),
    (30.0, "difficult"),
    (50.0, "fairly difficult"),
    (60.0, "standard (plain English)"),
    (70.0, "fairly easy"),
    (80.0, "easy"),
    (90.0, "very easy"),
)

# Words the rules below get wrong and that are common in health information.
SYLLABLE_EXCEPTIONS = {
    "diabetes": 4, "diabetic": 4, "people": 2, "video": 3, "videos": 3, "area": 3, "areas": 3,
    "idea": 3, "ideas": 3, "create": 2, "created": 3, "being": 2, "doing": 2, "going": 2,
    "seeing": 2, "anxiety": 4, "quiet": 2, "science": 2, "client": 2, "clients": 2, "diet": 2,
    "poem": 2, "ratio": 3, "recipe": 3, "every": 2, "everyone": 3, "everything": 3,
    "business": 2, "evening": 2, "several": 3, "interest": 3, "different": 3, "family": 3,
    "medicine": 3, "medicines": 3, "vegetable": 4, "vegetables": 4, "chocolate": 2,
    "naive": 2, "coordinate": 4, "cooperate": 4, "reuse": 2, "preoperative": 6, "postoperative": 5,
}

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "prof.", "vs.", "approx.", "no.", "st.")
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s+")


class ReadabilityError(SearchCraftError):
    """Text that cannot be scored (for example, text with no words)."""


def count_syllables(word: str) -> int:
    """Estimate the syllables in one word by rule, as readability tools do.

    The rules, in order:

    1. A word in :data:`SYLLABLE_EXCEPTIONS` takes its listed count. A hyphenated word is the sum
       of its parts; a number written in digits counts as one syllable (a known undercount:
       "2026" is read aloud as several).
    2. Count groups of vowels (a, e, i, o, u and y; y before a vowel is a consonant, as in
       "yes", "beyond" and "player").
    3. A final silent *e* does not count ("make"), unless the word ends in consonant + *le*
       ("table") or the *e* follows a vowel ("free" is one group anyway).
    4. A final *-es* or *-ed* is silent ("times", "jumped") except after the sounds that need an
       extra syllable: *-es* after s, x, z, ch, sh, g, c or consonant + l ("boxes", "changes",
       "tables"); *-ed* after t or d ("needed").
    5. A silent *e* before -ly, -ment, -ness or -ful does not count ("completely", "management").
    6. Some vowel pairs are two syllables: *ia* (not in -cia/-tia: "media" but "social"), *io*
       (not in -tion, -sion, -cion, -gion, -xio: "biology" but "medication") and *ua* (not after
       g or q: "usual" but "language").
    7. Every word has at least one syllable.

    Dictionaries disagree at the edges ("fire", "hour"), and rule-based counts miss some words,
    so two tools can give slightly different scores for the same text.

    >>> [count_syllables(w) for w in ("the", "make", "table", "needed", "jumped", "medication", "social")]
    [1, 1, 2, 2, 1, 4, 2]
    """
    word = word.lower().replace("\u2019", "'")
    if "-" in word:
        return sum(count_syllables(part) for part in word.split("-") if part)
    if word.endswith("'s"):
        word = word[:-2]
    word = re.sub(r"[^a-z0-9]", "", word)
    if not word:
        return 0
    if not re.search(r"[a-z]", word):
        return 1
    if word in SYLLABLE_EXCEPTIONS:
        return SYLLABLE_EXCEPTIONS[word]
    letters = re.sub("y(?=[aeiou])", "_", word)  # y before a vowel is a consonant: "yes", "beyond"
    count = len(_VOWEL_GROUP.findall(letters))
    consonant = "[b-df-hj-np-tv-z]"
    if count > 1:
        if re.search(f"{consonant}e$", word) and not re.search(f"{consonant}le$", word):
            count -= 1
        elif re.search(f"{consonant}es$", word) and not re.search(f"(?:[sxzgc]|ch|sh|{consonant}l)es$", word):
            count -= 1
        elif re.search(f"{consonant}ed$", word) and not re.search("[td]ed$", word):
            count -= 1
    if count > 1 and re.search(f"{consonant}e(?:ly|ment|ments|ness|ful)$", word):
        count -= 1
    count += len(re.findall(r"(?<![ct])ia", word))
    count += len(re.findall(r"(?<![tscgx])io", word))
    count += len(re.findall(r"(?<![gq])ua", word))
    return max(count, 1)


def split_words(text: str) -> list[str]:
    """The words of a text: runs of letters or digits, keeping hyphens and apostrophes inside a word.

    >>> split_words("Don't skip well-known steps: 2 tablets.")
    ["Don't", 'skip', 'well-known', 'steps', '2', 'tablets']
    """
    return _WORD.findall(text)


def split_sentences(text: str) -> list[str]:
    """The sentences of a text.

    A sentence ends at ``.``, ``!`` or ``?`` followed by a space or the end (so "2.5 mg" does not
    split), but not after common abbreviations such as "e.g." or "Dr.". A blank line and each item
    of a bulleted or numbered list also end a sentence, because leaflets use them as sentences.

    >>> split_sentences("Take 2.5 mg daily, e.g. at breakfast. Ask Dr. Khan!\\n\\n- Keep cool")
    ['Take 2.5 mg daily, e.g. at breakfast.', 'Ask Dr. Khan!', 'Keep cool']
    """
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or _LIST_ITEM.match(line):
            if current:
                blocks.append(" ".join(current))
            current = [_LIST_ITEM.sub("", line).strip()] if line.strip() else []  # without its bullet
            continue
        current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    sentences: list[str] = []
    for block in blocks:
        start = 0
        for match in _SENTENCE_END.finditer(block):
            before = block[start:match.end()].rsplit(None, 1)[-1].lower()
            if before.rstrip("\"'\u201d\u2019)]") in _ABBREVIATIONS:
                continue
            sentences.append(block[start:match.end()].strip())
            start = match.end()
        rest = block[start:].strip()
        if rest:
            sentences.append(rest)
    return [s for s in sentences if split_words(s)]


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Flesch (1948) Reading Ease from counts: higher is easier (about 0-100; can go outside)."""
    _check_counts(words, sentences)
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """Flesch-Kincaid Grade Level (Kincaid et al. 1975) from counts: a US school grade."""
    _check_counts(words, sentences)
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def smog_grade(polysyllables: int, sentences: int) -> float:
    """SMOG grade (McLaughlin 1969), scaled to 30 sentences when the text has a different number."""
    if sentences <= 0:
        raise ReadabilityError("SMOG needs at least one sentence", hint="Paste some running text.")
    return 1.0430 * math.sqrt(polysyllables * SMOG_SAMPLE_SENTENCES / sentences) + 3.1291


def _check_counts(words: int, sentences: int) -> None:
    if words <= 0 or sentences <= 0:
        raise ReadabilityError("A readability score needs at least one word and one sentence",
                               hint="Paste some running text, not only headings or numbers.")


def flesch_band(score: float) -> str:
    """Flesch's own description of a Reading Ease score, e.g. ``"fairly difficult"`` for 55."""
    label = FLESCH_BANDS[0][1]
    for lowest, description in FLESCH_BANDS:
        if score >= lowest:
            label = description
    return label


@dataclass(frozen=True)
class ReadabilityReport:
    """The counts for one text and the three scores computed from them."""

    sentences: int
    words: int
    syllables: int
    polysyllables: int
    long_words: tuple[str, ...]
    longest_sentence: str

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words

    @property
    def flesch_reading_ease(self) -> float:
        return flesch_reading_ease(self.words, self.sentences, self.syllables)

    @property
    def flesch_kincaid_grade(self) -> float:
        return flesch_kincaid_grade(self.words, self.sentences, self.syllables)

    @property
    def smog_grade(self) -> float:
        return smog_grade(self.polysyllables, self.sentences)

    def cautions(self) -> list[str]:
        """What makes these scores less trustworthy for this text."""
        notes = []
        if self.sentences < SMOG_SAMPLE_SENTENCES:
            notes.append(f"SMOG was designed for 30 sentences; this text has {self.sentences}, "
                         "so the count of long words was scaled up and the grade is rougher.")
        if self.words < 100:
            notes.append(f"Only {self.words} words: one long word or sentence moves the scores a lot.")
        return notes

    def summary(self) -> str:
        """A plain-text report: counts, the three scores and what they mean."""
        lines = [
            f"{_plural(self.sentences, 'sentence')}, {_plural(self.words, 'word')}, "
            f"{_plural(self.syllables, 'syllable')}, {_plural(self.polysyllables, 'word')} of three or more syllables.",
            f"Average {self.words_per_sentence:.1f} words per sentence and "
            f"{self.syllables_per_word:.2f} syllables per word.",
            f"Flesch Reading Ease {self.flesch_reading_ease:.1f} ({flesch_band(self.flesch_reading_ease)}).",
            f"Flesch-Kincaid Grade Level {self.flesch_kincaid_grade:.1f} "
            f"(US school grade; about age {self.flesch_kincaid_grade + 5:.0f}).",
            f"SMOG grade {self.smog_grade:.1f}.",
        ]
        if self.long_words:
            more = "..." if len(self.long_words) > 12 else ""
            lines.append("Long words: " + ", ".join(self.long_words[:12]) + more)
        lines += [f"Caution: {note}" for note in self.cautions()]
        return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def readability(text: str) -> ReadabilityReport:
    """Count a text and return its :class:`ReadabilityReport`.

    Raises :class:`ReadabilityError` when the text has no words to score.

    >>> readability("Wash your hands. Use soap and water.").sentences
    2
    """
    if not isinstance(text, str):
        raise ReadabilityError(f"Readability needs text; got {type(text).__name__}",
                               hint='Put the text in quotes, e.g. readability("Wash your hands.").')
    sentences = split_sentences(text)
    words = [w for s in sentences for w in split_words(s)]
    if not words:
        raise ReadabilityError("There are no words to score in this text",
                               hint="Paste a paragraph or more of running text.")
    counts = [count_syllables(w) for w in words]
    long_words: list[str] = []
    for word, syllables in zip(words, counts, strict=True):
        if syllables >= 3 and word.lower() not in (w.lower() for w in long_words):
            long_words.append(word)
    longest = max(sentences, key=lambda s: len(split_words(s)))
    return ReadabilityReport(len(sentences), len(words), sum(counts), sum(1 for c in counts if c >= 3),
                             tuple(long_words), longest)
