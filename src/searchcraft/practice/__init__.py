"""The practice database and the tools learners use on it.

``PracticeDatabase`` is a PubMed-like search engine over the bundled practice corpus (or any
records); ``SearchHistory`` keeps numbered searches over any source; ``GoldSet`` scores a strategy
against the records known to be relevant; ``Vocabulary`` is the headings tree.

Example::

    from searchcraft.practice import PracticeDatabase, SearchHistory
    history = SearchHistory(PracticeDatabase.bundled())
    history.add('"hand hygiene"[tiab]')
    history.add("nurs*[tiab]")
    history.add("#1 AND #2")
"""

from .database import PracticeDatabase
from .goldset import Evaluation, GoldSet
from .history import HistoryLine, SearchHistory
from .vocabulary import Heading, Vocabulary

__all__ = ["Evaluation", "GoldSet", "Heading", "HistoryLine", "PracticeDatabase", "SearchHistory",
           "Vocabulary"]
