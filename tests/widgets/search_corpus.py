"""A tiny practice database for the search widgets' tests: six records and a small headings tree.

Small enough that every expected count can be worked out by reading the records below.
"""

from __future__ import annotations

from searchcraft.practice import PracticeDatabase

RECORDS = [
    {"id": "r1", "title": "Exercise to prevent falls in older adults", "year": 2020,
     "abstract": "Nurses delivered a balance programme.", "headings": ["*Accidental Falls", "Aged", "Exercise"]},
    {"id": "r2", "title": "Tai chi and falling among the elderly", "year": 2021,
     "abstract": "Residents of nursing homes practised tai chi.",
     "headings": ["Accidental Falls", "Aged, 80 and over"]},
    {"id": "r3", "title": "Nurse staffing and mortality", "year": 2019,
     "abstract": "Nurse workload and patient deaths.", "headings": ["Nursing Staff"]},
    {"id": "r4", "title": "Hand hygiene in nursing homes", "year": 2018,
     "abstract": "Care homes and carers.", "headings": ["Hand Hygiene"]},
    {"id": "r5", "title": "Caries in children", "year": 2022,
     "abstract": "Cardiovascular risk was not measured.", "headings": ["Dental Caries", "Child"]},
    {"id": "r6", "title": "Accidents at home", "year": 2017,
     "abstract": "Falls and burns in the kitchen.", "headings": ["Accidents, Home"]},
]

VOCABULARY = [
    {"heading": "Accidents", "tree_numbers": ["Z01"], "entry_terms": [], "scope_note": "Unplanned events."},
    {"heading": "Accidental Falls", "tree_numbers": ["Z01.100"], "entry_terms": ["Falls", "Falling", "Slip and Fall"],
     "scope_note": "Falls due to slipping or tripping."},
    {"heading": "Accidents, Home", "tree_numbers": ["Z01.200"], "entry_terms": ["Home accidents"], "scope_note": ""},
    {"heading": "Persons", "tree_numbers": ["M01"], "entry_terms": [], "scope_note": ""},
    {"heading": "Aged", "tree_numbers": ["M01.100"], "entry_terms": ["Elderly", "Older adults", "Older people"],
     "scope_note": "A person aged 65 years or over."},
    {"heading": "Aged, 80 and over", "tree_numbers": ["M01.100.100"], "entry_terms": ["Oldest old"], "scope_note": ""},
    {"heading": "Child", "tree_numbers": ["M01.200"], "entry_terms": ["Children"], "scope_note": ""},
    {"heading": "Exercise", "tree_numbers": ["G01"], "entry_terms": ["Physical activity"], "scope_note": ""},
    {"heading": "Nursing Staff", "tree_numbers": ["N01"], "entry_terms": ["Nurses"], "scope_note": ""},
    {"heading": "Hand Hygiene", "tree_numbers": ["N02"], "entry_terms": ["Hand washing"], "scope_note": ""},
    {"heading": "Dental Caries", "tree_numbers": ["C01"], "entry_terms": ["Tooth decay"], "scope_note": ""},
]


def small_database() -> PracticeDatabase:
    """The six records above, indexed in memory."""
    return PracticeDatabase.from_records(RECORDS, VOCABULARY)
