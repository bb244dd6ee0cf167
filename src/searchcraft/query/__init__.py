"""Search syntax: parse a database's query language into the kit's AST, and print the AST back.

Each syntax is a module of this package named after it (``pubmed``, ``ovid``, ``europepmc``,
``cinahl``) with module-level ``parse(text, *, history=None)``, ``analyse(text, *, history=None)``,
``render(node)`` and ``field_code(name)``, and which declares its ``NAME`` (the module's name),
``LABEL`` (what a learner reads: "Europe PMC"), ``ORDER`` (its place in lists of syntaxes) and
``TARGET`` (a :class:`~searchcraft.query.target.Target`: what translating into it needs to know).
The functions here, the translator, the command line and the widgets find those modules when first
asked, so adding a syntax means adding a module, never editing another file.

Example::

    >>> from searchcraft.query import parse, render, And, Field, Phrase, Truncated
    >>> tree = parse('"hand hygiene"[Title/Abstract] AND nurs*')
    >>> tree == And((Field(Phrase("hand hygiene"), ("tiab",)), Truncated("nurs")))
    True
    >>> render(tree)
    '"hand hygiene"[tiab] AND nurs*'
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

from ..errors import QueryError, QuerySyntaxError
from .ast import (
    And,
    Field,
    HistoryRef,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Proximity,
    Range,
    Term,
    TreeTransformer,
    TreeVisitor,
    Truncated,
    history_refs,
    substitute,
    walk,
)
from .parsed import ParsedQuery, QueryWarning

__all__ = [
    "And",
    "Field",
    "HistoryRef",
    "Near",
    "Node",
    "Not",
    "Or",
    "ParsedQuery",
    "Phrase",
    "Proximity",
    "QueryError",
    "QuerySyntaxError",
    "QueryWarning",
    "Range",
    "Term",
    "TreeTransformer",
    "TreeVisitor",
    "Truncated",
    "analyse",
    "history_refs",
    "parse",
    "render",
    "substitute",
    "syntax_module",
    "syntaxes",
    "walk",
]

_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def syntax_module(syntax: str) -> ModuleType:
    """The module that implements ``syntax`` (``"pubmed"`` -> :mod:`searchcraft.query.pubmed`).

    Raises :class:`QueryError` naming the known syntaxes when there is no such syntax.
    """
    if isinstance(syntax, str) and _NAME.match(syntax):
        module_name = f"{__name__}.{syntax}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise  # the syntax exists but something it imports is missing: a real bug
        else:
            if _is_syntax(module):
                return module
    known = ", ".join(syntaxes()) or "none"
    raise QueryError(
        f"Unknown search syntax {syntax!r}.",
        hint=f"Use one of: {known}.",
    )


def syntaxes() -> list[str]:
    """The names of the syntaxes available, e.g. ``["cinahl", "europepmc", "ovid", "pubmed"]``."""
    names = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.ispkg:
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except Exception:  # a broken neighbour must not hide the working syntaxes
            continue
        if _is_syntax(module):
            names.append(info.name)
    return sorted(names)


def _is_syntax(module: ModuleType) -> bool:
    return (all(callable(getattr(module, name, None)) for name in ("parse", "analyse", "render", "field_code"))
            and getattr(module, "NAME", None) == module.__name__.rpartition(".")[2]
            and all(hasattr(module, name) for name in ("LABEL", "ORDER", "TARGET")))


def parse(text: str, syntax: str = "pubmed", *, history: set[int] | None = None) -> Node:
    """Parse ``text`` written in ``syntax`` into the query AST.

    ``history``: the search-history line numbers that exist; a reference to any other line is a
    :class:`QuerySyntaxError` at the reference. Raises :class:`QuerySyntaxError` (with the position,
    a message and a hint) for anything that is not a valid query.
    """
    node: Node = syntax_module(syntax).parse(text, history=history)
    return node


def analyse(text: str, syntax: str = "pubmed", *, history: set[int] | None = None) -> ParsedQuery:
    """Parse ``text`` and also return the warnings (e.g. typographic quotes), see :func:`parse`."""
    parsed: ParsedQuery = syntax_module(syntax).analyse(text, history=history)
    return parsed


def render(node: Node, syntax: str = "pubmed") -> str:
    """Print an AST in ``syntax``: ``parse(render(tree, s), s) == tree`` for every parsed tree."""
    text: str = syntax_module(syntax).render(node)
    return text
