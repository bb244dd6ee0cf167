"""Normalised forms of the fields that identify a citation, so that two databases' versions compare.

The same article looks different in each database: ``https://doi.org/10.1136/BMJ.N71`` and
``10.1136/bmj.n71``; "Randomised trial of ..." and "Randomized trial of ..."; ``Smith J`` and
``Smith, John``; pages ``123-9`` and ``123-129``. Deduplication compares these normalised forms.
Every rule is applied to both records being compared, so a rule only does harm if it makes two
*different* words look alike, which the spelling rules below avoid.

Example::

    >>> normalise_doi("https://doi.org/10.1136/BMJ.N71")
    '10.1136/bmj.n71'
    >>> normalise_title("Paediatric oedema: a randomised trial.")
    'pediatric edema a randomized trial'
    >>> normalise_author("Smith, John"), normalise_author("Smith J")
    (('smith', 'j'), ('smith', 'j'))
    >>> normalise_pages("123-9")
    ('123', '129')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DOI_PREFIX = re.compile(r"^\s*(?:https?://)?(?:dx\.)?(?:doi\.org/|doi:\s*)", re.IGNORECASE)

# Letters that Unicode decomposition does not reduce to ASCII.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                          "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
                          "α": " alpha ", "β": " beta ", "γ": " gamma ", "δ": " delta ",
                          "κ": " kappa ", "μ": " mu ", "&": " and "})

# Words a British/American rule would mangle; they stay as they are.
_KEEP = frozenset({"four", "your", "hour", "hours", "pour", "tour", "sour", "flour", "our", "ours",
                   "yours", "contour", "contours", "detour", "devour", "dour", "scour", "amour",
                   "does", "shoe", "shoes", "toe", "toes", "poem", "poems", "aerobic", "aerosol",
                   "aerosols"})

# Ordered (British pattern, American replacement) rules applied to each word.
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"isation(s?)$", r"ization\1"),
        (r"is(e|ed|es|ing)$", r"iz\1"),
        (r"ys(e|ed|es|ing)$", r"yz\1"),
        (r"our(s|ed|ing|al)?$", r"or\1"),
        (r"([^aeiou])tre(s?)$", r"\1ter\2"),
        (r"uvre(s?)$", r"uver\1"),
        (r"ogue(s?)$", r"og\1"),
        (r"amme(s?)$", r"am\1"),
        (r"ell(ing|ed|er|ers)$", r"el\1"),
        (r"ageing$", "aging"),
        (r"ae", "e"),                               # paediatric, haemorrhage, aetiology
        (r"^oe", "e"),                              # oedema, oesophagus, oestrogen
        (r"(rrh|pn|m|f|c|n)oe", r"\1e"),           # diarrhoea, dyspnoea, amoeba, foetal, coeliac
    )
)


def strip_diacritics(text: str) -> str:
    """``"Müller-Ødegård"`` -> ``"Muller-Odegard"``: the ASCII letters a database without accents shows."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_doi(doi: str) -> str:
    """Lower case, without ``https://doi.org/``, ``doi:`` or trailing punctuation; ``""`` if none.

    DOIs are case-insensitive by definition, so ``10.1136/BMJ.N71`` and ``10.1136/bmj.n71`` are one.
    """
    text = _DOI_PREFIX.sub("", doi or "").strip().rstrip(".;,")
    return text.lower() if text.startswith("10.") else ""


def normalise_pmid(pmid: str) -> str:
    """The digits of a PubMed ID (``"PMID: 123"`` -> ``"123"``), or ``""``."""
    digits = re.sub(r"\D", "", pmid or "")
    return digits.lstrip("0")


@lru_cache(maxsize=65536)   # titles repeat their words; each word is respelt once
def american_spelling(word: str) -> str:
    """One lower-case word in a single spelling (``"randomised"`` -> ``"randomized"``).

    Titles that differ only in British and American spelling are the same article indexed twice.
    """
    if word in _KEEP or len(word) < 4:
        return word
    for pattern, replacement in _SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word


def title_words(title: str) -> list[str]:
    """The words of a title, lower case, without accents, markup, punctuation or spelling variants."""
    text = re.sub(r"<[^>]+>", " ", title or "")          # <i>in vitro</i>
    text = strip_diacritics(text).lower()
    text = re.sub(r"(?<=\w)['’](?=s\b)", "", text)       # women's -> womens
    text = re.sub(r"(?<=\d)[.,](?=\d)", "", text)         # 1,000 -> 1000; 2.5 -> 25 (both sides)
    words = re.findall(r"[a-z0-9]+", text)
    return [american_spelling(w) for w in words]


def normalise_title(title: str) -> str:
    """A title as one comparable string: see :func:`title_words`."""
    return " ".join(title_words(title))


def normalise_author(author: str) -> tuple[str, str]:
    """``(surname, first initial)`` from the usual forms of a name, or ``("", "")``.

    Handles ``"Smith J"``, ``"Smith JA"``, ``"Smith, John"``, ``"Smith, J. A."``, ``"John Smith"``
    and ``"van der Berg, Anna"``; accents and case are dropped.
    """
    text = strip_diacritics(author or "").strip()
    if not text:
        return ("", "")
    if "," in text:
        surname, _, given = text.partition(",")
    else:
        parts = text.split()
        if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,3}\.?", parts[-1].replace(".", "")):
            surname, given = " ".join(parts[:-1]), parts[-1]       # MEDLINE "Smith JA"
        elif len(parts) > 1:
            surname, given = parts[-1], " ".join(parts[:-1])       # "John Smith"
        else:
            surname, given = text, ""
    surname = re.sub(r"[^a-z]", "", surname.lower())
    initial = re.sub(r"[^a-z]", "", given.lower())[:1]
    return (surname, initial)


def normalise_pages(pages: str) -> tuple[str, str]:
    """``(first page, last page)`` with abbreviated last pages written out: ``"123-9"`` -> ``("123", "129")``.

    Electronic article numbers (``"e0212345"``) are kept as the first page; missing parts are ``""``.
    """
    text = (pages or "").strip().lower().replace("–", "-").replace("—", "-")
    text = re.sub(r"^(pp?\.?\s*)", "", text)
    first, _, last = text.partition("-")
    first = re.sub(r"[^0-9a-z]", "", first)
    last = re.sub(r"[^0-9a-z]", "", last)
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return (first.lstrip("0") or first, last.lstrip("0") or last)
