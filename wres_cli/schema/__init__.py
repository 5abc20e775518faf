"""The input contract: Pydantic models (one per input file) and their Polars compiler."""

from wres_cli.schema.columns import Column, Kind
from wres_cli.schema.models import (
    FILE_MODELS,
    Actions,
    Board,
    Disciplinary,
    InputFile,
    Recruitment,
    StaffSurvey,
    Training,
    Workforce,
    WresToml,
)

__all__ = [
    "FILE_MODELS",
    "Actions",
    "Board",
    "Column",
    "Disciplinary",
    "InputFile",
    "Kind",
    "Recruitment",
    "StaffSurvey",
    "Training",
    "Workforce",
    "WresToml",
]
