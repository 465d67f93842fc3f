"""The GPU catalog: specs for the FLOPs and bandwidth models, and priced offers.

Two data files, each row with a source and a date:

* ``gpu_specs.csv`` — one row per GPU (memory, dense bf16 TFLOPS, bandwidth, aliases).
* ``gpu_offers.csv`` — priced offers in the column layout of dstack's gpuhunt catalogs
  (provider, instance_name, location, price for the whole instance, cpu, memory,
  gpu_count, gpu_name, gpu_memory, spot) plus source and date.

The **default price** of a GPU is the first matching offer in file order (on-demand, or spot
when asked): the file's order is its preference. With no spot offer, spot is 35% of
on-demand (the source document's rule); reserved is on-demand × ``RESERVED_FACTOR``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from engine.catalog._csv import CatalogRow, read_rows
from engine.errors import UnknownGpuError

__all__ = [
    "RESERVED_FACTOR",
    "SPOT_FACTOR",
    "GpuCatalog",
    "GpuOffer",
    "GpuPrice",
    "GpuSpec",
    "canonical_gpu",
    "load_gpu_catalog",
]

SPOT_FACTOR = 0.35  # source document: "Spot discount (typically 60-70% off on-demand)" → ×0.35
RESERVED_FACTOR = 0.60  # ftroi assumption: a 1-year commitment at about 40% off on-demand


class GpuSpec(CatalogRow):
    key: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    name: str
    memory_gb: Annotated[float, Field(gt=0)]
    bf16_tflops: Annotated[float, Field(gt=0)]
    bandwidth_gbps: Annotated[float, Field(gt=0)]
    aliases: str | None = None


class GpuOffer(CatalogRow):
    provider: str
    instance_name: str
    location: str | None = None
    price: Annotated[float, Field(gt=0)]
    cpu: Annotated[int, Field(ge=0)] | None = None
    memory: Annotated[float, Field(ge=0)] | None = None
    gpu_count: Annotated[int, Field(ge=1)]
    gpu_name: str
    gpu_memory: Annotated[float, Field(gt=0)]
    spot: bool


class GpuPrice(BaseModel):
    """One GPU-hour's price and where it came from."""

    usd_per_gpu_hour: float
    pricing: Literal["on_demand", "spot", "reserved"]
    source: str
    date: str


class GpuCatalog(BaseModel):
    specs: dict[str, GpuSpec]
    offers: list[GpuOffer]
    aliases: dict[str, str] = {}

    def model_post_init(self, context: object, /) -> None:
        table = {"custom": "custom"}
        for spec in self.specs.values():
            for alias in [spec.key, *(spec.aliases or "").split("|")]:
                squashed = _squash(alias)
                if squashed and table.setdefault(squashed, spec.key) != spec.key:
                    raise ValueError(f"engine/data/gpu_specs.csv: alias {alias!r} names both "
                                     f"{table[squashed]} and {spec.key}")
        self.aliases = table

    def spec(self, key: str) -> GpuSpec:
        gpu = canonical_gpu(key, catalog=self)
        if gpu == "custom":
            raise UnknownGpuError("a custom GPU has no catalog entry; type its $/hour and "
                                  "throughput")
        return self.specs[gpu]

    def offers_for(self, key: str) -> list[GpuOffer]:
        spec = self.spec(key)
        return [
            o for o in self.offers if o.gpu_name == spec.name and o.gpu_memory == spec.memory_gb
        ]

    def price(self, key: str, pricing: Literal["on_demand", "spot", "reserved"]) -> GpuPrice:
        """The default price of one GPU-hour of ``key`` under ``pricing``."""
        offers = self.offers_for(key)
        on_demand = [o for o in offers if not o.spot]
        spot = [o for o in offers if o.spot]
        if pricing == "spot" and spot:
            return _per_gpu(spot[0], "spot", 1.0, "")
        if not on_demand:
            raise UnknownGpuError(
                f"the GPU catalog has no price for {key}; type the instance's $/hour"
            )
        if pricing == "spot":
            return _per_gpu(on_demand[0], "spot", SPOT_FACTOR, "spot at 35% of on-demand (seed)")
        if pricing == "reserved":
            return _per_gpu(
                on_demand[0], "reserved", RESERVED_FACTOR, "reserved at 60% of on-demand (ftroi)"
            )
        return _per_gpu(on_demand[0], "on_demand", 1.0, "")


def _per_gpu(offer: GpuOffer, pricing: Literal["on_demand", "spot", "reserved"],
             factor: float, note: str) -> GpuPrice:
    where = f"{offer.provider} {offer.instance_name}" + (f" ({offer.location})" if offer.location
                                                         else "")
    source = f"{where}: {offer.source}" + (f"; {note}" if note else "")
    return GpuPrice(
        usd_per_gpu_hour=offer.price / offer.gpu_count * factor,
        pricing=pricing,
        source=source,
        date=offer.date,
    )


@cache
def load_gpu_catalog() -> GpuCatalog:
    """The bundled catalog (read once)."""
    specs = {row.key: row for row in read_rows("gpu_specs.csv", GpuSpec)}
    return GpuCatalog(specs=specs, offers=read_rows("gpu_offers.csv", GpuOffer))


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-×]+", "", text.lower()).removeprefix("nvidia")


def canonical_gpu(name: str, *, catalog: GpuCatalog | None = None) -> str:
    """The catalog key for a GPU as a person may write it.

    >>> canonical_gpu("A100 80GB"), canonical_gpu("h100-sxm"), canonical_gpu("NVIDIA A10G")
    ('a100_80g', 'h100', 'a10g')
    """
    catalog = catalog or load_gpu_catalog()
    key = catalog.aliases.get(_squash(name))
    if key is None:
        known = ", ".join(sorted(catalog.specs)) + ", custom"
        raise UnknownGpuError(f"unknown GPU {name!r}; accepted: {known}")
    return key
