"""The groups a standard compares: an axis (ethnicity, disability) of three groups.

Its own module because both the standards (which declare an axis) and the measures and
number formatting (which read one) need it, and neither should import the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """One group of a standard's axis: its key in the JSON (``bme``), its label (``BME``)
    and its value in the prepared frames' group column."""

    key: str
    label: str
    value: str
    word: str = ""
    """The label inside a sentence where it differs ('non-disabled'); else the label."""

    @property
    def said(self) -> str:
        """How a sentence names the group."""
        return self.word or self.label


@dataclass(frozen=True)
class Axis:
    """The characteristic a standard compares by (ethnicity, disability), as groups."""

    column: str
    """Column of the prepared frames holding each row's group (``ethnic_group``)."""
    noun: str
    """What the axis is, in a sentence: 'ethnicity'."""
    focus: Group
    """The group the standard is about (BME, Disabled): its share is the headline."""
    reference: Group
    """The group it is compared with (White, Non-disabled)."""
    unknown: Group
    """Not known, never in a ratio, always shown."""
    unstated: str
    """Completes '20.1% ...' of the Unknown share: 'have not stated their ethnicity'."""

    @property
    def groups(self) -> tuple[Group, Group, Group]:
        """In the order every output shows them."""
        return (self.reference, self.focus, self.unknown)

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)
