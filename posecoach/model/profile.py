"""The runner's profile: who they are, when they can train, what hurts.

Read from the runner's YAML file; weekday names are accepted in any common
spelling and times of day as YAML writes them.
"""

# Pydantic copies a field's `= []` default per instance; ruff cannot see that the
# base classes in values.py are pydantic models, so it takes them for class attributes.

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, field_validator, model_validator

from posecoach import limits, written
from posecoach.errors import UsageError
from posecoach.i18n import N_
from posecoach.model.values import (
    Background,
    ClockTime,
    Input,
    PaceSeconds,
    Region,
    Slug,
    Text,
    Units,
    Weekday,
    refused,
    weekday_key,
)

InjuryKind = Literal["tendinopathy", "bone-stress", "plantar-fasciitis", "strain", "other"]


def _region_name(value: Any) -> Any:
    """A region typed by its Polish name ('kolano') read as its id ('knee')."""
    from posecoach.model.region_names import region_id

    return (region_id(value) or value) if isinstance(value, str) else value


class Injury(Input):
    region: Annotated[Region, BeforeValidator(_region_name)]
    kind: InjuryKind = Field(
        default="other",
        description=N_(
            "tendinopathy, bone-stress, plantar-fasciitis, strain or other: what it"
            " changes in the plan (see the README's table)"
        ),
    )
    note: str = Field(default="", max_length=200)
    current: bool = Field(
        default=False,
        description=N_(
            "still hurting: the plan starts with its loading programme, and no new-form"
            " running or plyometrics on it until check-ins clear it"
        ),
    )


class Race(Input):
    date: Annotated[date, Field(ge=limits.EARLIEST, le=limits.LATEST)]
    name: Text = Field(max_length=80)
    distance_km: float | None = Field(default=None, gt=0, le=500)


def _weekday_mapping(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    normalised: dict[Any, Any] = {}
    for key, when in value.items():
        short = weekday_key(key) if isinstance(key, str) else None
        normalised[short or key] = when
    return normalised


def _weekday(value: Any) -> Any:
    return (weekday_key(value) or value) if isinstance(value, str) else value


def _units(value: Any) -> Any:
    """'miles', 'Kilometres', 'K': the spellings `posecoach init` takes."""
    if not isinstance(value, str):
        return value
    try:
        return written.read_units(value)
    except UsageError as error:
        raise refused(error.message, error.hint) from None


def _public_url(value: Any) -> Any:
    """'coach.example.org/feeds' or 'https://coach.example.org/feeds/' -> the https
    address without its final slash; anything but a plain host and path is refused."""
    if not isinstance(value, str):
        return value
    address = value.strip().removeprefix("https://").rstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?", address):
        raise refused(
            f"{value!r} is not an HTTPS address",
            "write it like https://coach.example.org/feeds (no query, no http://: phones"
            " need HTTPS)",
        )
    return f"https://{address}"


class CalendarPreferences(Input):
    all_day: bool = Field(default=False, description=N_("all-day events instead of timed ones"))
    reminder_minutes: int | None = Field(
        default=None, ge=0, le=1440, description=N_("a reminder this long before each session")
    )
    public_url: Annotated[str | None, BeforeValidator(_public_url)] = Field(
        default=None,
        max_length=200,
        description=N_(
            "where `posecoach serve` is reached over HTTPS; each event then"
            " links to its check-in page"
        ),
    )


class RunnerProfile(Input):
    name: Text = Field(max_length=80)
    plan_id: Slug | None = None
    start: date | None = Field(
        default=None, ge=limits.EARLIEST, le=limits.LATEST, description=N_("first day of the plan")
    )
    timezone: Text = "UTC"
    days: Annotated[dict[Weekday, ClockTime], BeforeValidator(_weekday_mapping)] = Field(
        min_length=1, description=N_("available weekdays, each with a preferred start time")
    )
    sessions_per_week: int = Field(ge=1, le=7)
    max_session_minutes: int = Field(ge=20, le=180)
    background: Background
    weekly_volume: float = Field(ge=0, le=300, description=N_("running per week now, in units"))
    longest_run_30d: float = Field(
        ge=0, le=100, description=N_("longest run, last 30 days, in units")
    )
    keep_running: bool | None = Field(
        default=None,
        description=N_(
            "keep your own easy runs alongside the plan (the new form goes inside"
            " them); by default yes when weekly_volume is above 0"
        ),
    )
    easy_pace: PaceSeconds | None = Field(default=None, description=N_("m:ss per unit"))
    baseline_cadence: int | None = Field(
        default=None,
        ge=limits.CADENCE_LOWEST,
        le=limits.CADENCE_HIGHEST,
        description=N_("steps per minute on an easy run"),
    )
    injuries: list[Injury] = Field(default=[], max_length=20)
    races: list[Race] = Field(
        default=[], max_length=20, description=N_("races ahead: the plan keeps clear of them")
    )
    long_run_day: Annotated[Weekday | None, BeforeValidator(_weekday)] = Field(
        default=None,
        description=N_("the day of your own long run: no hops or heavy calf work the day before"),
    )
    units: Annotated[Units, BeforeValidator(_units)] = "km"
    paper: Literal["a4", "letter"] = Field(default="a4", description=N_("drill sheet paper size"))
    language: Literal["en", "pl"] | None = Field(
        default=None,
        description=N_(
            "the language of the plan and everything you read: en or pl (else the"
            " one given when planning, else the system's)"
        ),
    )
    calendar: CalendarPreferences = Field(default_factory=CalendarPreferences)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """An IANA zone, in any case (as `posecoach init` takes it), or the closest one
        suggested: 'Europe/Londres' gets 'Europe/London'."""
        try:
            return written.read_zone(value)
        except UsageError as error:
            raise refused(error.message, error.hint) from None

    @model_validator(mode="after")
    def _enough_days(self) -> Self:
        days = len(self.days)
        if self.sessions_per_week > days:
            raise refused(
                f"{self.sessions_per_week} sessions a week, but only {days}"
                f" day{'s' if days != 1 else ''} to put them on",
                f"lower sessions_per_week to {days}, or add days",
                at="sessions_per_week",
            )
        if self.longest_run_30d > self.weekly_volume * 4.5 + 1e-9 and self.weekly_volume > 0:
            raise refused(
                f"{self.longest_run_30d:g} is more than a month of your weekly"
                f" {self.weekly_volume:g}",
                "check longest_run_30d and weekly_volume",
                at="longest_run_30d",
            )
        if self.keep_running and self.weekly_volume == 0:
            raise refused(
                "keep_running is true but weekly_volume is 0",
                "give the running you do now as weekly_volume, or drop keep_running",
                at="keep_running",
            )
        return self

    @property
    def pace_seconds(self) -> int:
        """Easy pace per unit, estimated from the background when not given."""
        if self.easy_pace is not None:
            return self.easy_pace
        per_km = {"new": 480, "returning": 420, "regular": 360}[self.background]
        return per_km if self.units == "km" else round(per_km * 1.609344)

    @property
    def keeps_running(self) -> bool:
        """Whether the runner's own running goes on alongside the plan."""
        return self.weekly_volume > 0 if self.keep_running is None else self.keep_running

    @property
    def longest_run_minutes(self) -> float:
        return self.longest_run_30d * self.pace_seconds / 60

    @property
    def slug(self) -> str:
        if self.plan_id:
            return self.plan_id
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.casefold()).strip("-")
        return slug[:40].strip("-") or "plan"

    @property
    def current_injuries(self) -> frozenset[str]:
        return frozenset(i.region for i in self.injuries if i.current)

    @property
    def past_injuries(self) -> list[Injury]:
        return [i for i in self.injuries if not i.current]
