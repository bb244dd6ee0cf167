"""How the practice database splits text into index words, and how query words are matched.

The practice database indexes text with SQLite FTS5's ``unicode61`` tokeniser with
``remove_diacritics 2``. This module mirrors that tokeniser in Python, so that the kit can show a
learner exactly which index words a query matched and can build the coded index tokens (authors,
journals, headings) that give field tags their PubMed meaning.

The rules, and why:

* **Case-insensitive.** ``Falls``, ``FALLS`` and ``falls`` are one word, as in PubMed.
* **Diacritics folded.** ``Über`` is indexed as ``uber`` and ``café`` as ``cafe``, so a learner
  typing without accents still finds the record (PubMed folds diacritics too).
* **No stemming, no spelling mapping.** British and American spellings stay distinct words:
  ``organisation`` does not find ``organization``. PubMed's automatic term mapping adds some
  spelling variants to *untagged* terms, but a tagged search (``organisation[tiab]``) finds only
  the spelling typed; the practice database always behaves like the tagged search, so learners
  practise the habit that matters in every database: search both spellings
  (``organisation OR organization``).
* **Hyphens separate words, and a hyphenated query term is a phrase.** PubMed treats a hyphenated
  term as a phrase (NLM: "use a hyphen: kidney-allograft" searches the phrase). The index stores
  ``self-management`` as the adjacent words ``self`` ``management``, so ``self-management``,
  ``"self management"`` and ``self-management[tiab]`` all find both the hyphenated and the spaced
  form. The closed form ``selfmanagement`` is a different word and must be searched separately,
  as in PubMed.
* Other punctuation (apostrophes, full stops, slashes) separates words: ``O'Brien`` is ``o`` +
  ``brien`` in text fields (author searching normalises names separately, see
  :func:`author_token`).

Example::

    >>> words("Self-management in Über-cafés")
    ['self', 'management', 'in', 'uber', 'cafes']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Separates the items of a list field (keywords, headings, authors) inside one FTS5 column, so a
# phrase can never run from one item into the next. It is a private-use character: FTS5 indexes it
# as a word (category Co), and nobody can type it in a query.
ITEM_SEPARATOR = " \ue000 "

_WORD = re.compile(r"[^\W_]+|[\ue000-\uf8ff]+")


_FOLD_EXTRA = str.maketrans({"\u00b5": "\u03bc"})  # micro sign -> mu, as unicode61 folds it


def fold(text: str) -> str:
    """Lower-case ``text`` and remove diacritics, as the index does (``Über`` -> ``uber``).

    Only accents are removed (canonical decomposition): ``²`` stays ``²`` and ``ß`` stays ``ß``,
    exactly as FTS5's unicode61 tokeniser keeps them.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD_EXTRA)


def words(text: str) -> list[str]:
    """The index words in ``text``: folded, split at anything that is not a letter or digit."""
    return [w for w in _WORD.findall(fold(text)) if not ("\ue000" <= w[0] <= "\uf8ff")]


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """A controlled term (heading, journal, publication type, language) as one comparable key.

    Case, diacritics and punctuation are ignored: ``"Falls, Accidental"`` -> ``"falls accidental"``.
    """
    return " ".join(words(text))


def fts_string(text: str) -> str:
    """``text`` quoted as an FTS5 string (double quotes doubled), so it is searched literally."""
    return '"' + text.replace('"', '""') + '"'


def author_parts(name: str, *, from_query: bool = False) -> tuple[str, str]:
    """Split an author name into (surname, initials), both folded letters and digits only.

    Record names come as MEDLINE writes them (``"Smith JA"``, ``"van der Berg J"``) or as
    ``"Smith, John A."``; a query is lower-case (``"smith ja"``), so there the last word counts
    as initials when it has at most three letters and is not the only word.

    >>> author_parts("Smith JA")
    ('smith', 'ja')
    >>> author_parts("O'Brien, Mary Kate")
    ('obrien', 'mk')
    >>> author_parts("smith j", from_query=True)
    ('smith', 'j')
    """
    if "," in name:
        surname, _, given = name.partition(",")
        initials = ""
        for part in given.replace(".", " ").replace("-", " ").split():
            # "JA" is already initials; "John" gives its first letter
            initials += fold(part) if part.isupper() and len(part) <= 3 else fold(part)[:1]
        return "".join(words(surname)), "".join(words(initials))
    parts = name.split()
    if len(parts) > 1:
        last = parts[-1].replace(".", "")
        looks_like_initials = last.isalpha() and len(last) <= 3 and (from_query or last.isupper())
        if looks_like_initials:
            return "".join(words(" ".join(parts[:-1]))), fold(last)
    return "".join(words(name)), ""


@lru_cache(maxsize=262144)
def author_token(name: str) -> str:
    """The index token for one author: ``"Smith JA"`` -> ``"ausmith0ja"``.

    One token per author keeps PubMed's author semantics exact: ``smith j[au]`` is the prefix
    ``ausmith0j*`` (initials are truncated, as PubMed does) and can never match a surname or
    initials belonging to a different author of the same record.
    """
    surname, initials = author_parts(name)
    return f"au{surname}0{initials}" if surname else ""
