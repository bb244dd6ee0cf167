"""How one record becomes one row of the practice database's full-text index.

Text fields (title, abstract, keywords...) are indexed as words, each in its own FTS5 column, so
field tags become FTS5 column filters. Controlled fields are indexed as *codes* in one extra
column, so that PubMed's exact-match tags are exact here too and every search stays one FTS5
query:

=========  ================================  ==============================================
code       meaning                           searched by
=========  ================================  ==============================================
``mtT``    the heading at tree number T      ``[mh:noexp]``; ``mtT OR mtTx*`` is ``[mh]``
``jtT``    ... as a major topic              ``[majr:noexp]``; ``jtT OR jtTx*``: ``[majr]``
``mhN``    heading N, not in the tree        ``[mh]`` (it has nothing below it)
``mjN``    ... as a major topic              ``[majr]``
``taN``    journal title/abbreviation N      ``[ta]``
``ptN``    publication type N                ``[pt]``
``laN``    language N                        ``[la]``
``dpY``    published in year Y               ``[dp]``, ranges as OR of years
``au...``  one author (:func:`author_token`)  ``[au]`` as a prefix query
=========  ================================  ==============================================

Tree numbers are written with ``x`` for the dot (``C10.228`` -> ``c10x228``), so the prefix
``mtc10x228x*`` finds exactly the headings below ``C10.228``.

Example::

    >>> indexer = RecordIndexer(Vocabulary([{"heading": "Accidental Falls", "tree_numbers": ["Z01.1"]}]))
    >>> row = indexer.row(Record(id="r1", title="Falls", headings=["*Accidental Falls"], year=2019))
    >>> row[COLUMNS.index("codes")]
    'mtz01x1 jtz01x1 dp2019'
"""

from __future__ import annotations

from typing import Any

from ..records import Record
from .tokenise import ITEM_SEPARATOR, author_token, fold, normalise_name, words
from .vocabulary import Vocabulary

# The FTS5 columns, in table order. ``codes`` holds the controlled codes described above.
TEXT_COLUMNS = ("title", "abstract", "keywords", "headings", "pubtypes", "authors", "journal",
                "language")
COLUMNS = TEXT_COLUMNS + ("codes",)

# Code kinds kept in the ``terms`` table: normalised name -> number.
KINDS = ("mh", "ta", "pt", "la")

# ISO 639-2 codes MEDLINE uses, so that ``eng[la]`` and ``english[la]`` are the same search.
LANGUAGES = {
    "afr": "afrikaans", "ara": "arabic", "chi": "chinese", "zho": "chinese", "cze": "czech",
    "ces": "czech", "dan": "danish", "dut": "dutch", "nld": "dutch", "eng": "english",
    "fin": "finnish", "fre": "french", "fra": "french", "ger": "german", "deu": "german",
    "gre": "greek", "ell": "greek", "heb": "hebrew", "hun": "hungarian", "ice": "icelandic",
    "ita": "italian", "jpn": "japanese", "kor": "korean", "nor": "norwegian", "per": "persian",
    "fas": "persian", "pol": "polish", "por": "portuguese", "rum": "romanian", "ron": "romanian",
    "rus": "russian", "spa": "spanish", "swe": "swedish", "tur": "turkish", "ukr": "ukrainian",
    "wel": "welsh", "cym": "welsh", "und": "undetermined",
}


def language_key(text: str) -> str:
    """The canonical name of a language, whether given as a name or an ISO code (``eng``)."""
    key = normalise_name(text)
    return LANGUAGES.get(key, key)


def tree_code(tree_number: str) -> str:
    """A tree number as one index word: ``C10.228.140`` -> ``c10x228x140``."""
    return "x".join("".join(words(part)) for part in tree_number.split("."))


def heading_name(heading: str) -> tuple[str, bool]:
    """``"*Falls/prevention & control"`` -> ``("Falls", True)``: the heading and whether major."""
    major = heading.startswith("*")
    name = heading.lstrip("*").split("/", 1)[0].strip()
    return name, major


def _bound(cache: dict[Any, Any]) -> None:
    """Forget a cache that odd data has grown past 100,000 entries (bounded memory)."""
    if len(cache) > 100_000:
        cache.clear()


class RecordIndexer:
    """Turns records into index rows, numbering headings, journals, types and languages as it goes.

    The numbering (``terms``) is saved with the database so that queries use the same codes.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.terms: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        self.labels: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        self._heading_cache: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._heading_tokens: dict[str, tuple[str, tuple[str, ...]]] = {}
        # per-record lookups remembered by their raw text (the build's hot path)
        self._journal_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._pubtype_cache: dict[str, str] = {}
        self._language_cache: dict[str, tuple[str, str]] = {}
        # Every vocabulary heading gets a number, used or not, so [mh:noexp] can find it.
        for heading in vocabulary:
            self._heading(heading.heading)

    def _code(self, kind: str, key: str, label: str) -> int:
        table = self.terms[kind]
        code = table.get(key)
        if code is None:
            code = table[key] = len(table) + 1
            self.labels[kind][key] = label
        return code

    def _journal(self, title: str, abbreviation: str) -> set[int]:
        """One number for a journal's title and abbreviation together (both find it)."""
        table = self.terms["ta"]
        keys = [(k, label) for k, label in ((normalise_name(title), title),
                                             (normalise_name(abbreviation), abbreviation)) if k]
        known = [table[k] for k, _ in keys if k in table]
        code = known[0] if known else len(table) + 1
        for key, label in keys:
            if key not in table:
                table[key] = code
                self.labels["ta"][key] = label
        return {table[k] for k, _ in keys}

    def _heading(self, name: str) -> tuple[int, tuple[str, ...]]:
        cached = self._heading_cache.get(name)
        if cached is None:
            heading = self.vocabulary.find(name)
            preferred = heading.heading if heading is not None else name
            code = self._code("mh", normalise_name(preferred), preferred)
            trees = tuple(tree_code(t) for t in heading.tree_numbers) if heading else ()
            cached = self._heading_cache[name] = (code, trees)
        return cached

    def _index_heading(self, raw: str) -> tuple[str, tuple[str, ...]]:
        """The text and codes for one assigned heading (``"*Falls"``), remembered."""
        name, major = heading_name(raw)
        if not name:
            return "", ()
        code, trees = self._heading(name)
        # a heading in the tree is found by its tree numbers; others by their number
        tokens = [f"mt{t}" for t in trees] if trees else [f"mh{code}"]
        if major:
            tokens += [f"jt{t}" for t in trees] if trees else [f"mj{code}"]
        _bound(self._heading_tokens)
        self._heading_tokens[raw] = result = (raw.lstrip("*"), tuple(tokens))
        return result

    def _journal_tokens(self, title: str, abbreviation: str) -> tuple[str, ...]:
        """``taN`` codes for a journal, remembered: a journal's codes never change once given."""
        pair = (title, abbreviation)
        tokens = self._journal_cache.get(pair)
        if tokens is None:
            _bound(self._journal_cache)
            tokens = self._journal_cache[pair] = tuple(
                f"ta{c}" for c in self._journal(title, abbreviation))
        return tokens

    def _pubtype_token(self, pubtype: str) -> str:
        token = self._pubtype_cache.get(pubtype)
        if token is None:
            _bound(self._pubtype_cache)
            key = normalise_name(pubtype)
            token = self._pubtype_cache[pubtype] = f"pt{self._code('pt', key, pubtype)}" if key else ""
        return token

    def _language(self, language: str) -> tuple[str, str]:
        """(text for the ``language`` column, ``laN`` code) for a record's language, remembered."""
        found = self._language_cache.get(language)
        if found is None:
            _bound(self._language_cache)
            if language.strip():
                key = language_key(language)
                found = (" ".join(dict.fromkeys([language, key])), f"la{self._code('la', key, key)}")
            else:
                found = ("", "")
            self._language_cache[language] = found
        return found

    def row(self, record: Record) -> tuple[str, ...]:
        """The FTS5 column values for ``record``, in :data:`COLUMNS` order."""
        codes: list[str] = []
        heading_texts = []
        known_headings = self._heading_tokens
        for raw in record.headings:
            text, tokens = known_headings.get(raw) or self._index_heading(raw)
            if text:
                heading_texts.append(text)
                codes += tokens
        journal, abbreviation = record.journal, record.journal_abbreviation
        if journal or abbreviation:
            codes += self._journal_tokens(journal, abbreviation)
        for pubtype in record.publication_types:
            token = self._pubtype_token(pubtype)
            if token:
                codes.append(token)
        language_text, language_code = self._language(record.language)
        if language_code:
            codes.append(language_code)
        if record.year is not None:
            codes.append(f"dp{record.year}")
        authors = [a for a in record.authors if a.strip()]
        for author in authors:
            token = author_token(author)
            if token:
                codes.append(token)
        return (
            record.title,
            record.abstract,
            ITEM_SEPARATOR.join(record.keywords),
            ITEM_SEPARATOR.join(heading_texts),
            ITEM_SEPARATOR.join(record.publication_types),
            ITEM_SEPARATOR.join(authors),
            f"{journal}{ITEM_SEPARATOR}{abbreviation}" if journal and abbreviation
            else journal or abbreviation,
            language_text,
            " ".join(dict.fromkeys(codes)),
        )


__all__ = ["COLUMNS", "TEXT_COLUMNS", "RecordIndexer", "fold", "heading_name",
           "language_key", "tree_code"]
