"""Read a model's fields into plain column specifications.

The compiler, the loader's header matching and ``wres schema`` all work from these, so
every one of them follows the Pydantic models and nothing restates a column.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, cast, get_args, get_origin

import annotated_types as at
from pydantic import AliasChoices

from wres_cli.schema.columns import Column, Kind
from wres_cli.schema.models import InputFile

LINE = "_line"
"""Column holding each row's 1-based line number as a spreadsheet shows it."""
ORG = "organisation_code"
"""Column holding each row's organisation (ODS) code in a multi-organisation extract."""


def person_keys(*columns: typing.Collection[str]) -> list[str]:
    """The columns naming a person that every one of ``columns`` has: ``staff_id``, within
    its organisation in a multi-organisation extract (ids are per organisation)."""
    return [k for k in (ORG, "staff_id") if all(k in c for c in columns)]


@dataclass(frozen=True)
class ColumnSpec:
    """Everything the tool knows about one input column."""

    name: str
    kind: Kind
    required: bool
    """Whether the column must be present in the file."""
    blank_ok: bool
    aliases: tuple[str, ...]
    description: str
    ge: float | None = None
    le: float | None = None
    choices: tuple[Any, ...] = ()
    loose: bool = False
    """A choice matched ignoring spaces, punctuation and a leading 'Metric'."""

    @property
    def type_label(self) -> str:
        """Short human description of the cell type for ``wres schema``."""
        if self.choices:
            return " | ".join(str(c) for c in self.choices)
        bounds = ""
        if self.ge is not None and self.le is not None:
            bounds = f" {self.ge:g}-{self.le:g}"
        elif self.ge is not None:
            bounds = f" >= {self.ge:g}"
        return f"{self.kind.value}{bounds}"


def normalise_header(text: str) -> str:
    """Header key ignoring case, spaces, underscores and punctuation."""
    return re.sub(r"[^0-9a-z%]", "", text.casefold())


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The base type and metadata of a possibly Optional, possibly Annotated annotation."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Annotated:
        base, *meta = get_args(annotation)
        return base, list(meta)
    return annotation, []


@cache
def column_specs(model: type[InputFile]) -> tuple[ColumnSpec, ...]:
    """The model's columns in declaration order."""
    specs = []
    for name, field in model.model_fields.items():
        base, meta = _unwrap(field.annotation)
        meta = [*meta, *field.metadata]
        marker = [m for m in meta if isinstance(m, Column)][-1]  # innermost wins
        ge = next((float(cast(float, m.ge)) for m in meta if isinstance(m, at.Ge)), None)
        le = next((float(cast(float, m.le)) for m in meta if isinstance(m, at.Le)), None)
        choices = get_args(base) if get_origin(base) is Literal else ()
        alias = field.validation_alias
        aliases = tuple(str(a) for a in alias.choices) if isinstance(alias, AliasChoices) else ()
        specs.append(
            ColumnSpec(
                name=name,
                kind=marker.kind,
                required=field.is_required(),
                blank_ok=marker.blank_ok,
                aliases=aliases or (name,),
                description=field.description or "",
                ge=ge,
                le=le,
                choices=choices,
                loose=marker.loose,
            )
        )
    return tuple(specs)
