"""The input contract as readable text, for ``wres schema``."""

from __future__ import annotations

import textwrap

from wres_cli.schema.models import FILE_MODELS, Options
from wres_cli.schema.spec import column_specs


def contract_text(width: int = 100) -> str:
    """One table per input file, then the wres.toml options."""
    out: list[str] = []
    for kind, model in FILE_MODELS.items():
        need = "required" if model.required else "optional"
        out.append(f"{kind}.csv / {kind}.xlsx ({need}): {model.__doc__}")
        if model.unique:
            out.append(f"  unique: {' + '.join(model.unique)} (per organisation_code if present)")
        for rule in model.row_rules:
            out.append(f"  rule {rule.code}: {rule.message}")
        out.append(f"  {'column':<20} {'type':<16} {'column?':<9} description / also read from")
        for spec in column_specs(model):
            presence = "required" if spec.required else "optional"
            aliases = ", ".join(spec.aliases[1:])
            desc = textwrap.wrap(spec.description, width - 50) or [""]
            out.append(f"  {spec.name:<20} {spec.type_label:<16} {presence:<9} {desc[0]}")
            out += [" " * 50 + line for line in desc[1:]]
            if aliases:
                for line in textwrap.wrap(f"headers: {aliases}", width - 50):
                    out.append(" " * 50 + line)
        out.append("")
    out.append("wres.toml [options]:")
    for name, field in Options.model_fields.items():
        out.append(f"  {name} = {field.default!r}: {field.description}")
    return "\n".join(out)
