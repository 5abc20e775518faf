"""The input contract: Pydantic models (one per input file) and their Polars compiler."""

from wres_cli.schema.columns import Column, Kind
from wres_cli.schema.models import (
    FILE_MODELS,
    Actions,
    Board,
    Capability,
    Disciplinary,
    InputFile,
    Recruitment,
    StaffSurvey,
    Training,
    WdesSurvey,
    Workforce,
    WresToml,
    inputs_of,
)

__all__ = [
    "FILE_MODELS",
    "Actions",
    "Board",
    "Capability",
    "Column",
    "Disciplinary",
    "InputFile",
    "Kind",
    "Recruitment",
    "StaffSurvey",
    "Training",
    "WdesSurvey",
    "Workforce",
    "WresToml",
    "inputs_of",
]
