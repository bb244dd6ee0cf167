"""What can go wrong when the kit talks to a live database, in words a learner can act on.

Every error here is a :class:`~searchcraft.errors.SourceError`, so a notebook can catch them all::

    try:
        PubMed().count("falls[tiab]")
    except SourceError as error:
        print(error)      # what happened, and a hint on what to do next
"""

from __future__ import annotations

from ..errors import SourceError


class ServiceError(SourceError):
    """The service answered with its own error message (E-utilities ``<ERROR>``, a JSON ``error``,
    Europe PMC's ``errMsg``) or an HTTP error status that retrying cannot fix."""

    def __init__(self, message: str, *, service: str, status: int | None = None,
                 hint: str | None = None) -> None:
        self.service = service
        self.status = status
        super().__init__(message, hint=hint)


class ServiceUnavailableError(SourceError):
    """The service did not answer in time, or kept failing (429, 5xx, timeouts) after every retry."""


class ResponseFormatError(SourceError):
    """The service answered, but not with something the kit can read: malformed or truncated XML or
    JSON, an HTML error page, or the wrong content type."""


class ResultSetTooLargeError(SourceError):
    """The search finds more records than the service lets a program page through."""


class OfflineCacheMissError(SourceError):
    """Offline mode was asked for something that is not in the on-disk cache."""


class UnknownSourceError(SourceError):
    """``open_source`` was given a name it does not know."""
