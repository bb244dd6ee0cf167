"""How the search widgets show a problem with a query: the message, the line with a caret, the hint.

A syntax error points at the character where the query went wrong, as the query parser reports it
(:class:`~searchcraft.errors.QuerySyntaxError` ``.position``), so a learner sees *where* to look.

Example::

    problem_html(QuerySyntaxError("This '(' is never closed", query="(falls", position=0))
"""

from __future__ import annotations

from html import escape

from ..errors import QuerySyntaxError, SearchCraftError


def problem_html(error: SearchCraftError, *, lead: str = "") -> str:
    """An announced (``role=status``) message for ``error``; a syntax error shows a caret under its position."""
    parts = [f"<strong>{escape(lead)}</strong> " if lead else ""]
    if isinstance(error, QuerySyntaxError):
        query, position = error.query, max(0, min(error.position, len(error.query)))
        start = query.rfind("\n", 0, position) + 1
        end = query.find("\n", position)
        line = query[start:end if end != -1 else None]
        parts.append(f"{escape(error.reason)} (at character {position + 1}):")
        parts.append('<pre style="margin:0.3em 0;line-height:1.2" aria-hidden="true">'
                     f"{escape(line)}\n{' ' * (position - start)}^</pre>")
    else:
        parts.append(escape(error.message))
    if error.hint:
        parts.append(f"<br>Hint: {escape(error.hint)}")
    return f'<div role="status" aria-live="polite" style="color:#8a1c1c">{"".join(parts)}</div>'
