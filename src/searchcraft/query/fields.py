"""The one table of search fields: canonical names, labels, and every PubMed spelling of each tag.

Every syntax maps its own field codes to the canonical names used in the query AST (see
:mod:`searchcraft.query.ast`), so the practice database, the live sources and the translator agree on
what ``tiab`` or ``mh`` means. PubMed accepts a field tag in several spellings and in any case
(``[tiab]``, ``[Title/Abstract]``, ``[TITLE/ABSTRACT]``); :func:`lookup_tag` reads them all, and
:attr:`FieldInfo.tag` is the one spelling the kit prints.

Example::

    >>> lookup_tag("MeSH Terms").name
    'mh'
    >>> FIELDS["tiab"].label
    'Title/Abstract'
    >>> nearest_tag("tiabs")
    'tiab'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldInfo:
    """One searchable field.

    ``name`` is the canonical name in the AST, ``label`` what a learner reads, ``tag`` the PubMed tag
    the kit prints, ``spellings`` every tag PubMed accepts for it (compared without case or spaces).
    ``proximity`` says PubMed allows ``"a b"[tag:~N]`` on it; ``dates`` says it takes date ranges
    such as ``2015:2020[dp]``.
    """

    name: str
    label: str
    tag: str
    spellings: tuple[str, ...]
    proximity: bool = False
    dates: bool = False
    description: str = ""


_TABLE = (
    FieldInfo("all", "All Fields", "all", ("all", "All Fields"),
              description="every searchable field"),
    FieldInfo("tw", "Text Words", "tw", ("tw", "Text Word", "Text Words"),
              description="title, abstract, headings, keywords and other text fields"),
    FieldInfo("tiab", "Title/Abstract", "tiab", ("tiab", "Title/Abstract"), proximity=True,
              description="words in the title or abstract"),
    FieldInfo("ti", "Title", "ti", ("ti", "Title"), proximity=True,
              description="words in the title"),
    FieldInfo("ab", "Abstract", "ab", ("ab", "Abstract"),
              description="words in the abstract"),
    FieldInfo("mh", "MeSH Terms", "mh", ("mh", "MeSH", "MeSH Terms", "MeSH Term"),
              description="subject heading, with the narrower headings below it (exploded)"),
    FieldInfo("mh:noexp", "MeSH Terms, not exploded", "mh:noexp",
              ("mh:noexp", "MeSH:noexp", "MeSH Terms:noexp", "MeSH Term:noexp"),
              description="subject heading only, without the narrower headings"),
    FieldInfo("majr", "MeSH Major Topic", "majr", ("majr", "MeSH Major Topic"),
              description="subject heading as a major topic of the article (exploded)"),
    FieldInfo("majr:noexp", "MeSH Major Topic, not exploded", "majr:noexp",
              ("majr:noexp", "MeSH Major Topic:noexp"),
              description="subject heading as a major topic, without the narrower headings"),
    FieldInfo("sh", "MeSH Subheading", "sh", ("sh", "Subheading", "MeSH Subheading",
                                              "MeSH Subheadings"),
              description="subheading attached to a heading, e.g. diagnosis[sh]"),
    FieldInfo("au", "Author", "au", ("au", "Author", "auth"),
              description="author names"),
    FieldInfo("1au", "First Author", "1au", ("1au", "First Author", "First Author Name"),
              description="the first author's name"),
    FieldInfo("lastau", "Last Author", "lastau", ("lastau", "Last Author", "Last Author Name"),
              description="the last author's name"),
    FieldInfo("ad", "Affiliation", "ad", ("ad", "Affiliation"), proximity=True,
              description="authors' institutions and addresses"),
    FieldInfo("ta", "Journal", "ta", ("ta", "Journal", "jour", "Journal Title"),
              description="journal title or abbreviation"),
    FieldInfo("dp", "Publication Date", "dp", ("dp", "pdat", "Publication Date",
                                               "Date - Publication"),
              dates=True, description="year (or date) of publication"),
    FieldInfo("crdt", "Create Date", "crdt", ("crdt", "Create Date", "Date - Create"),
              dates=True, description="date the PubMed record was created"),
    FieldInfo("edat", "Entry Date", "edat", ("edat", "Entry Date", "Entrez Date",
                                             "Date - Entry"),
              dates=True, description="date the record was added to PubMed"),
    FieldInfo("mhda", "MeSH Date", "mhda", ("mhda", "MeSH Date", "Date - MeSH"),
              dates=True, description="date the headings were added"),
    FieldInfo("pt", "Publication Type", "pt", ("pt", "ptyp", "Publication Type"),
              description="kind of publication, e.g. Review[pt]"),
    FieldInfo("la", "Language", "la", ("la", "lang", "Language"),
              description="language of the article"),
    FieldInfo("pmid", "PMID", "pmid", ("pmid", "uid", "PubMed Unique Identifier"),
              description="PubMed identifier"),
    FieldInfo("kw", "Other Term (keywords)", "ot", ("ot", "Other Term", "Other Terms"),
              description="author keywords"),
    FieldInfo("rn", "EC/RN Number", "rn", ("rn", "EC/RN Number", "Registry Number"),
              description="chemical registry or enzyme number"),
    FieldInfo("nm", "Supplementary Concept", "nm", ("nm", "Supplementary Concept",
                                                    "Substance Name"),
              description="supplementary concept (substance, protocol or disease) name"),
    FieldInfo("aid", "Article Identifier", "aid", ("aid", "Article Identifier"),
              description="article identifiers such as the DOI"),
    FieldInfo("sb", "Subset", "sb", ("sb", "Subset", "Filter"),
              description="PubMed subset or filter, e.g. free full text[sb]"),
)

#: Every field the kit knows, by canonical name, in the order of the table above.
FIELDS: dict[str, FieldInfo] = {info.name: info for info in _TABLE}


def _key(tag: str) -> str:
    # Tags compare without case and without spaces: "MeSH Terms" == "meshterms" == "MESH  TERMS".
    return re.sub(r"\s+", "", tag).lower()


_BY_SPELLING: dict[str, FieldInfo] = {
    _key(spelling): info for info in _TABLE for spelling in info.spellings
}


def lookup_tag(tag: str) -> FieldInfo | None:
    """The field a PubMed tag (without brackets) names, in any spelling or case; None if unknown.

    Example: ``lookup_tag("Title/Abstract") is FIELDS["tiab"]``.
    """
    return _BY_SPELLING.get(_key(tag))


def field_info(name: str) -> FieldInfo:
    """The field with canonical ``name``; a KeyError names the known ones when there is none."""
    try:
        return FIELDS[name]
    except KeyError:
        raise KeyError(f"unknown field {name!r}; known fields: {', '.join(FIELDS)}") from None


def label(name: str) -> str:
    """A learner-readable label for a canonical field name (``"tiab"`` -> ``"Title/Abstract"``).

    Unknown names come back unchanged, so a label can always be shown.
    """
    info = FIELDS.get(name)
    return info.label if info else name


def nearest_tag(tag: str) -> str | None:
    """The known PubMed spelling closest to a mistyped tag (``"tiabs"`` -> ``"tiab"``), or None."""
    spellings = [spelling for info in _TABLE for spelling in info.spellings]
    keyed = {_key(spelling): spelling for spelling in spellings}
    matches = difflib.get_close_matches(_key(tag), list(keyed), n=1, cutoff=0.6)
    return keyed[matches[0]] if matches else None


def tags_table() -> list[dict[str, str]]:
    """The field table as rows for documentation: canonical name, label, tag, other spellings."""
    return [
        {
            "name": info.name,
            "label": info.label,
            "tag": f"[{info.tag}]",
            "also": ", ".join(f"[{s}]" for s in info.spellings if s != info.tag),
            "description": info.description,
        }
        for info in _TABLE
    ]
