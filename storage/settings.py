"""A workspace's own prices and defaults, set by its admins.

Model and GPU names are checked against the engine's catalogs and stored in their canonical
spelling; a default is checked by applying it to a default ``Scenario``, so a setting that
would make every new scenario invalid is refused when it is saved, not when it is used.

>>> s = WorkspaceSettings(gpu_usd_per_hour={"H100": 2.5}, defaults={"model.gpu": "h100"})
>>> s.gpu_usd_per_hour, s.new_scenario().model.gpu
({'h100': 2.5}, 'h100')
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    field_validator,
    model_validator,
)

from engine.catalog import api_prices, gpus
from engine.errors import EngineError, describe_validation_error
from engine.models import Scenario

__all__ = ["ApiPriceOverride", "WorkspaceSettings"]

SETTINGS = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

UsdPer1M = Annotated[float, Field(ge=0, le=100_000)]


class ApiPriceOverride(BaseModel):
    """The workspace's negotiated price of one API model, USD per 1M tokens."""

    model_config = SETTINGS

    input_usd_per_1m_tokens: UsdPer1M
    output_usd_per_1m_tokens: UsdPer1M


class WorkspaceSettings(BaseModel):
    """Price overrides and input defaults for one Slack workspace."""

    model_config = SETTINGS

    # API model (catalog name) -> price override.
    api_prices: dict[str, ApiPriceOverride] = Field(default_factory=dict)
    # GPU (catalog name) -> price of one GPU for one hour, USD.
    gpu_usd_per_hour: dict[str, Annotated[float, Field(ge=0, le=100_000)]] = Field(
        default_factory=dict
    )
    # Dotted input path (e.g. "project.engineer_usd_per_hour") -> default value.
    defaults: dict[str, JsonValue] = Field(default_factory=dict)

    @field_validator("api_prices")
    @classmethod
    def _known_models(cls, value: dict[str, ApiPriceOverride]) -> dict[str, ApiPriceOverride]:
        try:
            return {api_prices.canonical_model(name): price for name, price in value.items()}
        except EngineError as e:
            raise ValueError(str(e)) from None

    @field_validator("gpu_usd_per_hour")
    @classmethod
    def _known_gpus(cls, value: dict[str, float]) -> dict[str, float]:
        try:
            return {gpus.canonical_gpu(name): price for name, price in value.items()}
        except EngineError as e:
            raise ValueError(str(e)) from None

    @model_validator(mode="after")
    def _defaults_apply(self) -> Self:
        self.new_scenario()
        return self

    def new_scenario(self) -> Scenario:
        """A default ``Scenario`` with this workspace's defaults applied."""
        scenario = Scenario()
        for path, value in self.defaults.items():
            if not _is_leaf_input(scenario, path):
                raise ValueError(
                    f"default for {path!r}: not an input; a default names one input by its "
                    "dotted path, e.g. 'workload.requests_per_day' or 'model.gpu'"
                )
            try:
                scenario = scenario.with_value(path, value)
            except ValidationError as e:
                raise ValueError(
                    f"default for {path!r}: " + "; ".join(describe_validation_error(e))
                ) from None
        return scenario


def _is_leaf_input(scenario: Scenario, path: str) -> bool:
    node: object = scenario
    for part in path.split("."):
        if not isinstance(node, BaseModel) or part not in type(node).model_fields:
            return False
        node = getattr(node, part)
    return not isinstance(node, BaseModel | dict)
