"""The JSON contract of ``wres compare -o FILE.json`` (``schemas/comparison.schema.json``):
per indicator and peer group, the funnel's target, phi, tau2 and count, and each
organisation's value, precision, z-score and band (benchmarking.md §2 point 7)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExcludedOut(_Out):
    """An organisation left off the funnel, and why."""

    code: str
    reason: str


class PlacedOut(_Out):
    """An organisation on the funnel."""

    code: str
    value: float = Field(description="The relative likelihood, or the share (0-1).")
    precision: float = Field(description="1 / variance on the funnel's scale (the x-axis).")
    z: float = Field(description="(y - target) / sqrt(se^2 + tau2) on the funnel's scale.")
    band: Literal["inside", "above 95%", "above 99.8%", "below 95%", "below 99.8%"]
    corrected: bool = Field(description="Whether a Haldane-Anscombe correction was applied.")


class FunnelOut(_Out):
    """One funnel (an indicator in one peer group)."""

    scale: Literal["log", "arcsine"]
    target: float = Field(description="The pooled figure, back-transformed.")
    phi: float = Field(description="Mean square of the winsorised z-scores.")
    tau2: float = Field(description="Between-organisation variance on the funnel's scale.")
    count: int
    expected_outside_998: float = Field(description="0.2% of the organisations: by chance.")
    outside_998: list[str] = Field(description="Codes of the organisations outside 99.8%.")
    excluded: list[ExcludedOut]
    organisations: list[PlacedOut]


class NoFunnelOut(_Out):
    """A group with too few organisations to compare (or no events anywhere)."""

    funnel: None = None
    reason: str | None
    excluded: list[ExcludedOut]


class IndicatorOut(_Out):
    title: str
    compared: str = Field(description="What the funnel shows, in words.")
    groups: dict[str, FunnelOut | NoFunnelOut] = Field(
        description="By peer group ('all organisations' without peer groups)."
    )


class ComparisonOut(_Out):
    """A comparison of the organisations of a multi-organisation extract."""

    standard: Literal["wres", "wdes"]
    reporting_year: int | None
    previous_year: int | None = Field(description="The year of the change funnels, if any.")
    organisations: int
    adjusted_for_overdispersion: bool
    peer_groups: dict[str, str] | None = Field(description="Organisation code -> peer group.")
    indicators: dict[str, IndicatorOut] = Field(description="By indicator key ('2').")
    change: dict[str, IndicatorOut] = Field(
        description="Each ratio's change since the previous year (the ratio of the two)."
    )
