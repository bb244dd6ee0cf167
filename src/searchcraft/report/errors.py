"""Errors raised while documenting a search: deduplication, the PRISMA-S report, the flow diagram.

Example::

    >>> str(FlowCountError("Records excluded (120) cannot exceed records screened (100).",
    ...                    hint="Check the screening counts."))
    'Records excluded (120) cannot exceed records screened (100).\\nHint: Check the screening counts.'
"""

from __future__ import annotations

from ..errors import DataFileError, SearchCraftError


class ReportError(SearchCraftError):
    """A search could not be documented as asked (bad settings or inconsistent figures)."""


class FlowCountError(ReportError):
    """The counts for a PRISMA flow diagram do not add up or are not whole numbers."""


class CountsFileError(ReportError, DataFileError):
    """A counts file for the flow diagram is missing or is not the JSON the kit expects."""
