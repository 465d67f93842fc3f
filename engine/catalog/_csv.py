"""Reading the engine's bundled CSV catalogs into strict pydantic rows."""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

__all__ = ["CatalogRow", "Checked", "read_rows"]

# A date as precise as the source gives it: "2024", "2024-06" or "2024-06-30".
Checked = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]

Row = TypeVar("Row", bound=BaseModel)


class CatalogRow(BaseModel):
    """Every catalog row says where its figure comes from and when it was true."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, defer_build=True)

    source: Annotated[str, Field(min_length=3)]
    date: Checked


def read_rows(filename: str, row_type: type[Row]) -> list[Row]:
    """Parse ``engine/data/<filename>``; a bad row names the file, its line and the field."""
    text = resources.files("engine").joinpath("data", filename).read_text(encoding="utf-8")
    rows = []
    for line, record in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        cleaned = {key: (value if value != "" else None) for key, value in record.items()}
        try:
            rows.append(row_type.model_validate(cleaned))
        except ValidationError as e:
            raise ValueError(f"engine/data/{filename} line {line}: {e}") from e
    return rows
