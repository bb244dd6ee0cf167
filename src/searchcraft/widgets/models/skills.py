"""Self-rating against the kit's library and knowledge skills framework, over time.

The framework (``widgets/data/skills_framework.yml``) has ten areas, each with a short descriptor
for levels 0 (not yet) to 4 (leading). A profile holds today's ratings, a target level per area
and dated snapshots, so a learner can see development needs (lowest ratings, biggest gaps to the
target) and how they have moved since an earlier snapshot.

Example::

    >>> profile = SkillsProfileModel()
    >>> profile.rate("Subject headings", 1)
    >>> profile.rate("Framing questions", 3)
    >>> [need.area for need in profile.development_needs(2)][:1]
    ['Building search strategies']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from ...errors import SearchCraftError
from .data import load_data_file

LEVELS = range(0, 5)
DEFAULT_TARGET = 3


class SkillsError(SearchCraftError):
    """A rating, target, area or snapshot the profile cannot accept."""


@dataclass(frozen=True)
class SkillArea:
    id: str
    name: str
    levels: dict[int, str]


@dataclass(frozen=True)
class SkillsFramework:
    name: str
    level_names: dict[int, str]
    areas: tuple[SkillArea, ...]

    def area(self, name_or_id: str) -> SkillArea:
        for area in self.areas:
            if name_or_id.casefold() in (area.id.casefold(), area.name.casefold()):
                return area
        raise SkillsError(f"Unknown skills area {name_or_id!r}",
                          hint=f"Areas are: {', '.join(a.name for a in self.areas)}.")


@lru_cache(maxsize=1)
def skills_framework() -> SkillsFramework:
    """The kit's own framework of library and knowledge skills."""
    data = load_data_file("skills_framework.yml")
    areas = tuple(SkillArea(a["id"], a["name"], {int(k): v for k, v in a["levels"].items()})
                  for a in data["areas"])
    return SkillsFramework(data["name"], {int(k): v for k, v in data["levels"].items()}, areas)


@dataclass(frozen=True)
class Need:
    """A development need: an area, where the learner is, where they aim to be."""

    area: str
    rating: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.rating


@dataclass(frozen=True)
class Change:
    area: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class RadarData:
    """Points for a radar chart: one spoke per area, closed (the first point repeated at the end)."""

    labels: tuple[str, ...]
    angles: tuple[float, ...]
    values: tuple[int, ...]


def _level(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise SkillsError(f"{what} must be a whole number from 0 to 4; got {value!r}", hint="Use 0, 1, 2, 3 or 4.")
    if int(value) not in LEVELS:
        raise SkillsError(f"{what} must be from 0 to 4; got {value}", hint="0 is 'not yet', 4 is 'leading'.")
    return int(value)


class SkillsProfileModel:
    """Ratings and targets per area (by area name), and dated snapshots of past ratings."""

    def __init__(self, framework: SkillsFramework | None = None) -> None:
        self.framework = framework or skills_framework()
        self.ratings: dict[str, int] = {a.name: 0 for a in self.framework.areas}
        self.targets: dict[str, int] = {a.name: DEFAULT_TARGET for a in self.framework.areas}
        self.snapshots: dict[str, dict[str, int]] = {}  # ISO date -> ratings

    @property
    def area_names(self) -> list[str]:
        return [a.name for a in self.framework.areas]

    def rate(self, area: str, level: int) -> None:
        name = self.framework.area(area).name
        self.ratings[name] = _level(level, f"The rating for {name}")

    def set_target(self, area: str | None, level: int) -> None:
        """Set the target for one area, or for every area when ``area`` is ``None``."""
        names = [self.framework.area(area).name] if area else self.area_names
        for name in names:
            self.targets[name] = _level(level, f"The target for {name}")

    def descriptor(self, area: str, level: int | None = None) -> str:
        """What a level means in an area (the current rating by default)."""
        found = self.framework.area(area)
        return found.levels[self.ratings[found.name] if level is None else _level(level, "The level")]

    def take_snapshot(self, on: str | date | None = None) -> str:
        """Keep today's ratings under a date (today by default); the same date is replaced."""
        when = on if isinstance(on, date) else (date.fromisoformat(on) if on else date.today())
        key = when.isoformat()
        self.snapshots[key] = dict(self.ratings)
        return key

    def snapshot_dates(self) -> list[str]:
        return sorted(self.snapshots)

    def development_needs(self, count: int = 3) -> list[Need]:
        """Areas furthest below their target, biggest gap first (then the lower rating)."""
        needs = [Need(n, self.ratings[n], self.targets[n]) for n in self.area_names
                 if self.targets[n] > self.ratings[n]]
        order = {n: i for i, n in enumerate(self.area_names)}
        needs.sort(key=lambda need: (-need.gap, need.rating, order[need.area]))
        return needs[:count]

    def lowest(self, count: int = 3) -> list[tuple[str, int]]:
        """The lowest-rated areas, lowest first, in framework order on ties."""
        order = {n: i for i, n in enumerate(self.area_names)}
        return sorted(self.ratings.items(), key=lambda item: (item[1], order[item[0]]))[:count]

    def compare(self, earlier: str, later: str | None = None) -> list[Change]:
        """How each area moved between two snapshots (or from a snapshot to the current ratings)."""
        if earlier not in self.snapshots:
            raise SkillsError(f"There is no snapshot dated {earlier}",
                              hint=f"Snapshots: {', '.join(self.snapshot_dates()) or 'none yet'}.")
        if later is not None and later not in self.snapshots:
            raise SkillsError(f"There is no snapshot dated {later}", hint="Take a snapshot first.")
        before = self.snapshots[earlier]
        after = self.snapshots[later] if later else self.ratings
        return [Change(n, before.get(n, 0), after.get(n, 0)) for n in self.area_names]

    def radar_data(self, ratings: dict[str, int] | None = None) -> RadarData:
        """Spokes for a radar chart of these ratings (the current ones by default)."""
        ratings = self.ratings if ratings is None else ratings
        names = self.area_names
        angles = [2 * math.pi * i / len(names) for i in range(len(names))]
        values = [ratings.get(n, 0) for n in names]
        return RadarData(tuple(names + names[:1]), tuple(angles + angles[:1]), tuple(values + values[:1]))

    def summary(self) -> str:
        """A plain-text description of the profile: the alt text for the radar chart."""
        parts = [f"{n} {self.ratings[n]}" for n in self.area_names]
        text = "Skills profile, ratings out of 4: " + "; ".join(parts) + "."
        needs = self.development_needs()
        if needs:
            text += " Biggest gaps to target: " + "; ".join(
                f"{need.area} ({need.rating} of target {need.target})" for need in needs) + "."
        return text

    def to_state(self) -> dict[str, Any]:
        return {"ratings": dict(self.ratings), "targets": dict(self.targets),
                "snapshots": {k: dict(v) for k, v in self.snapshots.items()}}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SkillsProfileModel:
        model = cls()
        for name, level in (state.get("ratings") or {}).items():
            model.rate(name, level)
        for name, level in (state.get("targets") or {}).items():
            model.set_target(name, level)
        for when, ratings in (state.get("snapshots") or {}).items():
            date.fromisoformat(when)
            model.snapshots[when] = {model.framework.area(n).name: _level(v, n) for n, v in ratings.items()}
        return model
