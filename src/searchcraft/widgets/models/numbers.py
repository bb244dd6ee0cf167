"""Numbers in evidence: risks, risk difference, NNT, odds and 95% intervals from a 2x2 table, and a
checker that marks a learner's working step by step.

Clinicians ask library staff "what does this trial actually show?". The answer is usually in four
counts: events and totals in the treated group and in the control group. From them:

- risk (event rate) = events / total, in each group;
- risk difference (absolute risk reduction, ARR) = control risk - treated risk;
- risk ratio (relative risk, RR) = treated risk / control risk; relative risk reduction = 1 - RR;
- number needed to treat (NNT) = 1 / ARR (Laupacis, Sackett and Roberts, NEJM 1988; Cook and Sackett,
  BMJ 1995;310:452-4), by convention **rounded up** to a whole person so as not to overstate the benefit;
  when the treatment increases the risk it is a number needed to harm (NNH), which the cautious
  convention rounds **down** so as not to understate the harm;
- odds = events / non-events; odds ratio = treated odds / control odds (Bland and Altman, BMJ
  2000;320:1468);
- a 95% interval for a proportion or a risk difference by the simple (Wald) normal approximation,
  estimate +/- 1.96 x standard error. It is the formula most textbooks teach and the one a learner can
  work by hand; with small counts or risks near 0 or 1 it is too narrow, and Newcombe (Stat Med
  1998;17:873-90) compared better methods. The Wilson interval for one proportion is given as well.
- the interval for the NNT comes from inverting the limits of the interval for the ARR (Altman, BMJ
  1998;317:1309-12); when that interval includes zero the NNT interval runs from a number needed to
  treat to benefit, through infinity, to a number needed to treat to harm.

Everything here is pure Python (the ``math`` module only), so it runs in the learner's browser.

Example::

    >>> table = TwoByTwo(treated_events=15, treated_total=100, control_events=25, control_total=100)
    >>> round(table.risk_difference, 3), table.nnt
    (0.1, 10)
    >>> [round(x, 4) for x in table.risk_difference_interval()]
    [-0.01, 0.21]
    >>> report = check_working(table, {"risk_control": 0.25, "risk_treated": 0.15, "nnt": 9})
    >>> [(step.step, step.correct) for step in report.steps]
    [('risk_treated', True), ('risk_control', True), ('nnt', False)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...errors import SearchCraftError

Z_95 = 1.96  # the normal deviate for a two-sided 95% interval (1.959964..., rounded as in textbooks)


class NumbersError(SearchCraftError):
    """Counts that cannot make a 2x2 table, or working that cannot be read."""


def _count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < 0:
        raise NumbersError(f"{name} must be a whole number of people, 0 or more; got {value!r}",
                           hint="Type the count from the paper's results table, e.g. 15.")
    return int(value)


def proportion_interval(events: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The simple (Wald) 95% interval for a proportion: p +/- z * sqrt(p(1-p)/n), kept within 0 to 1.

    >>> [round(x, 4) for x in proportion_interval(20, 100)]
    [0.1216, 0.2784]
    """
    events, total = _count(events, "events"), _count(total, "total")
    if total == 0 or events > total:
        raise NumbersError(f"{events} events out of {total} is not a proportion",
                           hint="The total must be more than 0 and at least the number of events.")
    p = events / total
    half = z * math.sqrt(p * (1 - p) / total)
    return max(0.0, p - half), min(1.0, p + half)


def wilson_interval(events: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion: better than Wald for small counts or extreme risks.

    >>> [round(x, 4) for x in wilson_interval(0, 20)]
    [0.0, 0.1611]
    """
    events, total = _count(events, "events"), _count(total, "total")
    if total == 0 or events > total:
        raise NumbersError(f"{events} events out of {total} is not a proportion",
                           hint="The total must be more than 0 and at least the number of events.")
    p = events / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = (z / (1 + z * z / total)) * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class NNTInterval:
    """The 95% interval for an NNT, read from the interval for the risk difference.

    When the risk-difference interval excludes zero both ends are numbers needed to treat to benefit
    (or both to harm). When it includes zero, the interval runs from ``benefit`` (NNTB) through
    infinity to ``harm`` (NNTH), as Altman (1998) describes.
    """

    lower_rd: float
    upper_rd: float

    @property
    def includes_no_effect(self) -> bool:
        return self.lower_rd <= 0 <= self.upper_rd

    def text(self) -> str:
        if self.includes_no_effect:
            benefit = "infinity" if self.upper_rd == 0 else f"{1 / self.upper_rd:.1f}"
            harm = "infinity" if self.lower_rd == 0 else f"{1 / -self.lower_rd:.1f}"
            return f"NNTB {benefit} to infinity to NNTH {harm}"
        if self.lower_rd > 0:
            return f"NNTB {1 / self.upper_rd:.1f} to {1 / self.lower_rd:.1f}"
        return f"NNTH {1 / -self.lower_rd:.1f} to {1 / -self.upper_rd:.1f}"


@dataclass(frozen=True)
class TwoByTwo:
    """Events and totals in a treated (experimental) group and a control group.

    The event is the outcome counted (a fall, a death, a cure). The risk difference is control risk
    minus treated risk, so it is positive when the treatment lowers the risk of the event.
    """

    treated_events: int
    treated_total: int
    control_events: int
    control_total: int

    def __post_init__(self) -> None:
        for name in ("treated_events", "treated_total", "control_events", "control_total"):
            object.__setattr__(self, name, _count(getattr(self, name), name.replace("_", " ")))
        for group in ("treated", "control"):
            events, total = getattr(self, f"{group}_events"), getattr(self, f"{group}_total")
            if total == 0:
                raise NumbersError(f"The {group} group has no people in it",
                                   hint=f"Give the number of people in the {group} group ({group}_total).")
            if events > total:
                raise NumbersError(f"The {group} group has {events} events but only {total} people",
                                   hint="Check that events and totals are not swapped.")

    @classmethod
    def from_cells(cls, a: int, b: int, c: int, d: int) -> TwoByTwo:
        """From the four cells of a 2x2 table laid out as in most textbooks.

        ``a`` treated with the event, ``b`` treated without, ``c`` control with the event, ``d``
        control without.

        >>> TwoByTwo.from_cells(15, 85, 25, 75).treated_total
        100
        """
        a, b, c, d = (_count(v, n) for v, n in zip((a, b, c, d), "abcd", strict=True))
        return cls(a, a + b, c, c + d)

    @property
    def risk_treated(self) -> float:
        return self.treated_events / self.treated_total

    @property
    def risk_control(self) -> float:
        return self.control_events / self.control_total

    @property
    def risk_difference(self) -> float:
        """Control risk minus treated risk (the absolute risk reduction when positive)."""
        return self.risk_control - self.risk_treated

    @property
    def relative_risk(self) -> float:
        if self.control_events == 0:
            raise NumbersError("No events in the control group, so the risk ratio cannot be calculated",
                               hint="Report the two risks and the risk difference instead.")
        return self.risk_treated / self.risk_control

    @property
    def relative_risk_reduction(self) -> float:
        return 1 - self.relative_risk

    @property
    def nnt(self) -> int:
        """1 / |risk difference| as a whole number of people: rounded up for a benefit (rounding down
        would overstate it), rounded down (but at least 1) for a harm (rounding up would understate it)."""
        if self.risk_difference == 0:
            raise NumbersError("The two risks are the same, so the NNT is infinite",
                               hint="Say that the trial found no difference in risk.")
        exact = round(1 / abs(self.risk_difference), 9)
        return max(1, math.floor(exact)) if self.risk_difference < 0 else math.ceil(exact)

    @property
    def nnt_is_harm(self) -> bool:
        """True when the treated group had more events (a number needed to harm)."""
        return self.risk_difference < 0

    @property
    def odds_treated(self) -> float:
        return _odds(self.treated_events, self.treated_total, "treated")

    @property
    def odds_control(self) -> float:
        return _odds(self.control_events, self.control_total, "control")

    @property
    def odds_ratio(self) -> float:
        if self.odds_control == 0:
            raise NumbersError("No events in the control group, so the odds ratio cannot be calculated",
                               hint="Report the two risks instead.")
        return self.odds_treated / self.odds_control

    @property
    def risk_difference_standard_error(self) -> float:
        """sqrt(p1(1-p1)/n1 + p2(1-p2)/n2), the standard error of the risk difference."""
        p1, p2 = self.risk_treated, self.risk_control
        return math.sqrt(p1 * (1 - p1) / self.treated_total + p2 * (1 - p2) / self.control_total)

    def risk_difference_interval(self, z: float = Z_95) -> tuple[float, float]:
        """The simple (Wald) 95% interval: risk difference +/- 1.96 x standard error."""
        half = z * self.risk_difference_standard_error
        return self.risk_difference - half, self.risk_difference + half

    def nnt_interval(self) -> NNTInterval:
        return NNTInterval(*self.risk_difference_interval())

    def values(self) -> dict[str, float]:
        """Every step the checker knows, by name (steps that cannot be calculated are left out)."""
        found: dict[str, float] = {}
        for step in STEPS:
            try:
                found[step] = _STEP_VALUES[step](self)
            except NumbersError:
                continue
        return found

    def summary(self) -> str:
        """The worked answer, one line per step, in plain words."""
        lines = [f"Risk in the treated group: {self.treated_events}/{self.treated_total} = {self.risk_treated:.3f}",
                 f"Risk in the control group: {self.control_events}/{self.control_total} = {self.risk_control:.3f}",
                 f"Risk difference (control - treated): {self.risk_difference:.3f}"]
        try:
            lines.append(f"Risk ratio: {self.relative_risk:.3f}; relative risk reduction "
                         f"{self.relative_risk_reduction:.1%}")
        except NumbersError as error:
            lines.append(f"Risk ratio: {error.message}")
        try:
            kind, way = ("harm", "down") if self.nnt_is_harm else ("treat", "up")
            lines.append(f"Number needed to {kind}: 1/{abs(self.risk_difference):.3f} = "
                         f"{1 / abs(self.risk_difference):.2f}, rounded {way} to {self.nnt}")
        except NumbersError as error:
            lines.append(f"NNT: {error.message}")
        try:
            lines.append(f"Odds: treated {self.odds_treated:.3f}, control {self.odds_control:.3f}; "
                         f"odds ratio {self.odds_ratio:.3f}")
        except NumbersError as error:
            lines.append(f"Odds ratio: {error.message}")
        low, high = self.risk_difference_interval()
        lines.append(f"Standard error of the risk difference: {self.risk_difference_standard_error:.4f}")
        lines.append(f"95% interval for the risk difference: {low:.3f} to {high:.3f}")
        lines.append(f"95% interval for the NNT: {self.nnt_interval().text()}")
        return "\n".join(lines)


def _odds(events: int, total: int, group: str) -> float:
    if events == total:
        raise NumbersError(f"Everyone in the {group} group had the event, so the odds are infinite",
                           hint="Report the risks instead of the odds.")
    return events / (total - events)


# The steps a learner can show, in working order, with their names in plain words.
STEP_NAMES: dict[str, str] = {
    "risk_treated": "risk in the treated group",
    "risk_control": "risk in the control group",
    "risk_difference": "risk difference (control - treated)",
    "relative_risk": "risk ratio (relative risk)",
    "relative_risk_reduction": "relative risk reduction",
    "nnt": "number needed to treat",
    "odds_treated": "odds in the treated group",
    "odds_control": "odds in the control group",
    "odds_ratio": "odds ratio",
    "rd_standard_error": "standard error of the risk difference",
    "rd_lower": "lower 95% limit of the risk difference",
    "rd_upper": "upper 95% limit of the risk difference",
}
STEPS = tuple(STEP_NAMES)

_STEP_VALUES = {
    "risk_treated": lambda t: t.risk_treated,
    "risk_control": lambda t: t.risk_control,
    "risk_difference": lambda t: t.risk_difference,
    "relative_risk": lambda t: t.relative_risk,
    "relative_risk_reduction": lambda t: t.relative_risk_reduction,
    "nnt": lambda t: float(t.nnt),
    "odds_treated": lambda t: t.odds_treated,
    "odds_control": lambda t: t.odds_control,
    "odds_ratio": lambda t: t.odds_ratio,
    "rd_standard_error": lambda t: t.risk_difference_standard_error,
    "rd_lower": lambda t: t.risk_difference_interval()[0],
    "rd_upper": lambda t: t.risk_difference_interval()[1],
}

# How each step is worked, to explain a wrong answer.
_HOW = {
    "risk_treated": "events in the treated group divided by the number of people in it",
    "risk_control": "events in the control group divided by the number of people in it",
    "risk_difference": "the control risk minus the treated risk",
    "relative_risk": "the treated risk divided by the control risk",
    "relative_risk_reduction": "1 minus the risk ratio (or the risk difference divided by the control risk)",
    "nnt": "1 divided by the risk difference, rounded UP to a whole number (DOWN for a number needed to harm)",
    "odds_treated": "events divided by non-events in the treated group (not by the total)",
    "odds_control": "events divided by non-events in the control group (not by the total)",
    "odds_ratio": "the treated odds divided by the control odds",
    "rd_standard_error": "the square root of p1(1-p1)/n1 + p2(1-p2)/n2",
    "rd_lower": "the risk difference minus 1.96 x its standard error",
    "rd_upper": "the risk difference plus 1.96 x its standard error",
}

# Whether a step is a proportion (so a percentage can be recognised), and the tolerance allowed.
_PROPORTIONS = {"risk_treated", "risk_control", "risk_difference", "relative_risk_reduction", "rd_lower", "rd_upper"}
ABSOLUTE_TOLERANCE = 0.0051   # answers rounded to two decimal places are accepted
RELATIVE_TOLERANCE = 0.01     # or within 1% of the exact value, whichever is wider


@dataclass(frozen=True)
class StepCheck:
    """One step of the learner's working, marked."""

    step: str
    given: float
    expected: float
    correct: bool
    feedback: str

    @property
    def name(self) -> str:
        return STEP_NAMES[self.step]


@dataclass
class WorkingReport:
    """Every step the learner gave, marked in working order."""

    table: TwoByTwo
    steps: list[StepCheck] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(1 for s in self.steps if s.correct)

    def text(self) -> str:
        lines = [f"{self.correct} of {len(self.steps)} steps correct."]
        lines += [f"{'✓' if s.correct else '✗'} {s.name}: {s.feedback}" for s in self.steps]
        return "\n".join(lines)


def _close(given: float, expected: float) -> bool:
    return abs(given - expected) <= max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * abs(expected))


def _read_number(step: str, value: object) -> float:
    if isinstance(value, bool):
        raise NumbersError(f"The {STEP_NAMES[step]} should be a number, not {value!r}")
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        percent = text.endswith("%")
        try:
            number = float(text.rstrip("%").strip())
        except ValueError:
            raise NumbersError(f"Cannot read {value!r} as the {STEP_NAMES[step]}",
                               hint="Type a number such as 0.15, or a percentage such as 15%.") from None
        return number / 100 if percent else number
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    raise NumbersError(f"The {STEP_NAMES[step]} should be a number, not {value!r}",
                       hint="Type a number such as 0.15.")


def check_working(table: TwoByTwo, working: Mapping[str, object]) -> WorkingReport:
    """Mark each step the learner gave against the right value, with feedback that says what went
    wrong: a percentage typed as a proportion, an NNT rounded down, odds worked as risks, a
    difference the wrong way round, or a later step that is right for the learner's own earlier
    (wrong) numbers ("carried forward").

    Unknown step names raise :class:`NumbersError` listing the names it knows.
    """
    unknown = [name for name in working if name not in STEP_NAMES]
    if unknown:
        raise NumbersError(f"Unknown step(s): {', '.join(map(str, unknown))}",
                           hint="Use these names: " + ", ".join(STEPS))
    given = {step: _read_number(step, working[step]) for step in STEPS if step in working
             and working[step] is not None and str(working[step]).strip() not in ("", "...")}
    expected = table.values()
    report = WorkingReport(table)
    for step in STEPS:
        if step not in given:
            continue
        if step not in expected:
            report.steps.append(StepCheck(step, given[step], float("nan"), False,
                                          "This cannot be calculated from these counts (a group has no events, "
                                          "or everyone had the event)."))
            continue
        report.steps.append(_mark(step, given[step], expected[step], given, table))
    return report


def _mark(step: str, value: float, right: float, given: Mapping[str, float], table: TwoByTwo) -> StepCheck:
    how = _HOW[step]
    if step == "nnt":
        exact = 1 / abs(table.risk_difference)
        way, other = ("down", "up") if table.nnt_is_harm else ("up", "down")
        wrong_way = math.ceil(exact) if table.nnt_is_harm else math.floor(exact)
        if value == right:
            return StepCheck(step, value, right, True, f"Right: 1/{abs(table.risk_difference):.3f} = {exact:.2f}, "
                                                       f"rounded {way} to {right:.0f}.")
        if value == wrong_way:
            why = ("Rounding up understates the harm." if table.nnt_is_harm
                   else "Rounding down overstates the benefit.")
            return StepCheck(step, value, right, False, f"1/{abs(table.risk_difference):.3f} = {exact:.2f}: round "
                                                        f"{way.upper()} to {right:.0f}, not {other}. {why}")
        if _close(value, exact):
            return StepCheck(step, value, right, False, f"{exact:.2f} is the exact value; an NNT is a whole number of "
                                                        f"people, so round it {way} to {right:.0f}.")
        own = given.get("risk_difference")
        if (own not in (None, 0) and value == math.ceil(round(1 / abs(own), 9))
                and not _close(own, table.risk_difference)):
            return StepCheck(step, value, right, False, f"Right for your risk difference of {own}, which is wrong; "
                                                        f"with the right one the NNT is {right:.0f}.")
        return StepCheck(step, value, right, False, f"Not quite: the NNT is {how}. Here it is {right:.0f}.")
    if _close(value, right):
        return StepCheck(step, value, right, True, f"Right ({right:.4g}).")
    if step in _PROPORTIONS and _close(value / 100, right):
        return StepCheck(step, value, right, False, f"This looks like a percentage ({value:g}%). Give it as a "
                                                    f"proportion between 0 and 1: {right:.4g}, or type it with a % "
                                                    f"sign.")
    if step == "risk_difference" and _close(-value, right):
        return StepCheck(step, value, right, False, "The right size but the wrong sign: take the treated risk away "
                                                    f"from the control risk ({right:.4g}).")
    if step in ("odds_treated", "odds_control"):
        group = step.split("_")[1]
        if _close(value, getattr(table, f"risk_{group}")):
            return StepCheck(step, value, right, False, f"That is the risk, not the odds. Odds are {how}: {right:.4g}.")
    if step in ("relative_risk", "odds_ratio"):
        if right != 0 and _close(value, 1 / right):
            return StepCheck(step, value, right, False, "Upside down: put the treated group on top "
                                                        f"({right:.4g}).")
    carried = _carried_forward(step, value, given)
    if carried is not None and not _close(carried, right):
        return StepCheck(step, value, right, False, "Right for your own earlier numbers, which are wrong; "
                                                    f"with the right ones this is {right:.4g}.")
    return StepCheck(step, value, right, False, f"Not quite: this is {how}. Here it is {right:.4g}.")


def _carried_forward(step: str, value: float, given: Mapping[str, float]) -> float | None:
    """The value this step would have from the learner's own earlier steps, when ``value`` matches it."""
    try:
        if step == "risk_difference" and {"risk_treated", "risk_control"} <= given.keys():
            own = given["risk_control"] - given["risk_treated"]
        elif step == "relative_risk" and {"risk_treated", "risk_control"} <= given.keys():
            own = given["risk_treated"] / given["risk_control"]
        elif step == "relative_risk_reduction" and "relative_risk" in given:
            own = 1 - given["relative_risk"]
        elif step == "odds_ratio" and {"odds_treated", "odds_control"} <= given.keys():
            own = given["odds_treated"] / given["odds_control"]
        elif step in ("rd_lower", "rd_upper") and {"risk_difference", "rd_standard_error"} <= given.keys():
            sign = -1 if step == "rd_lower" else 1
            own = given["risk_difference"] + sign * Z_95 * given["rd_standard_error"]
        else:
            return None
    except ZeroDivisionError:
        return None
    return own if _close(value, own) else None
