"""Documenting a search: deduplication, the PRISMA-S search report and the PRISMA 2020 flow diagram.

Example::

    from searchcraft.report import deduplicate, SearchReport, FlowCounts, write_flow

    result = deduplicate(pubmed_records + europepmc_records)          # which records merged, and why
    SearchReport([pubmed_history, europepmc_history], deduplication=result).write("search.html")
    write_flow(FlowCounts.from_deduplication(result), "flow.svg")     # identification figures
"""

from .cases import CASES, CaseError, RequesterCase, requester_case
from .dedup import (
                    DEFAULT_THRESHOLD,
                    Deduplication,
                    DetectionScore,
                    DuplicateGroup,
                    MatchEvidence,
                    SourceCount,
                    compare_records,
                    deduplicate,
                    score_detection,
)
from .errors import CountsFileError, FlowCountError, ReportError
from .flow import FlowCounts, describe_flow, draw_flow, flow_svg, render_flow, write_flow
from .prisma_s import PRISMA_S_ITEMS, ChecklistItem, DatabaseSearch, SearchReport
from .summary import SearchSummary, SourceSearched, SummaryError, SummaryMark, mark_summary

__all__ = [
    "CASES", "CaseError", "RequesterCase", "requester_case",
    "DEFAULT_THRESHOLD", "Deduplication", "DetectionScore", "DuplicateGroup", "MatchEvidence",
    "SourceCount", "compare_records", "deduplicate", "score_detection",
    "CountsFileError", "FlowCountError", "ReportError",
    "FlowCounts", "describe_flow", "draw_flow", "flow_svg", "render_flow", "write_flow",
    "PRISMA_S_ITEMS", "ChecklistItem", "DatabaseSearch", "SearchReport",
    "SearchSummary", "SourceSearched", "SummaryError", "SummaryMark", "mark_summary",
]
