"""British and American spelling: the generator writes British and converts word by word.

MEDLINE keeps each author's spelling, so ``randomised`` and ``randomized`` both occur and a search
for one misses the other. Every text in ``data/`` is written in British spelling; records that a
journal would print in American spelling pass through :func:`americanise`.

Example::

    >>> americanise("A randomised programme in paediatric centres")
    'A randomized program in pediatric centers'
"""

from __future__ import annotations

import re

# British form -> American form. Whole words only; a capital first letter is kept.
BRITISH_TO_AMERICAN: dict[str, str] = {
    "randomised": "randomized", "randomisation": "randomization", "randomise": "randomize",
    "paediatric": "pediatric", "paediatrics": "pediatrics", "orthopaedic": "orthopedic",
    "haemoglobin": "hemoglobin", "haemodialysis": "hemodialysis", "haemorrhage": "hemorrhage",
    "glycaemic": "glycemic", "hypoglycaemia": "hypoglycemia", "bacteraemia": "bacteremia",
    "anaemia": "anemia", "anaesthesia": "anesthesia", "oedema": "edema", "diarrhoea": "diarrhea",
    "tumour": "tumor", "tumours": "tumors", "caesarean": "cesarean", "oestrogen": "estrogen",
    "programme": "program", "programmes": "programs",
    "organisation": "organization", "organisations": "organizations",
    "organisational": "organizational", "optimisation": "optimization",
    "mobilisation": "mobilization", "mobilisers": "mobilizers", "utilisation": "utilization",
    "hospitalisation": "hospitalization", "individualised": "individualized",
    "standardised": "standardized", "generalised": "generalized", "specialised": "specialized",
    "recognised": "recognized", "rationalising": "rationalizing", "sanitiser": "sanitizer",
    "sanitisers": "sanitizers", "minimise": "minimize", "prioritise": "prioritize",
    "behaviour": "behavior", "behaviours": "behaviors", "behavioural": "behavioral",
    "centre": "center", "centres": "centers", "ageing": "aging", "counselling": "counseling",
    "labour": "labor", "favoured": "favored", "colour": "color", "fibre": "fiber",
    "meticillin": "methicillin", "colecalciferol": "cholecalciferol", "analysed": "analyzed",
}

# The three pairs the course names, counted as traps in every corpus.
TRACKED_PAIRS: tuple[tuple[str, str], ...] = (
    ("randomised", "randomized"),
    ("paediatric", "pediatric"),
    ("haemoglobin", "hemoglobin"),
)

_BRITISH = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(BRITISH_TO_AMERICAN, key=len, reverse=True)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)


def _convert(match: re.Match[str]) -> str:
    word = match.group(0)
    american = BRITISH_TO_AMERICAN.get(word.lower())
    if american is None:
        return word
    if word.isupper():
        return american.upper()
    if word[0].isupper():
        return american[0].upper() + american[1:]
    return american


def americanise(text: str) -> str:
    """``text`` with British spellings replaced by American ones (whole words only)."""
    return _BRITISH.sub(_convert, text)
