"""A query as the text a live service is sent: a string as it is, a parsed query rendered.

Example::

    >>> query_text('  falls[tiab] ', "pubmed", service="PubMed")
    'falls[tiab]'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import QueryError

if TYPE_CHECKING:  # pragma: no cover
    from ..query.ast import Node


def query_text(query: str | Node, syntax: str, *, service: str) -> str:
    """A query as text for ``service``: a string as it is, a parsed query rendered in ``syntax``."""
    if isinstance(query, str):
        text = query.strip()
    else:
        from ..query import render

        text = render(query, syntax).strip()
    if not text:
        raise QueryError(f"{service}: the search is empty", hint="Type some search terms first.")
    return text
