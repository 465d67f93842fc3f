"""The GPU catalog: specs for the FLOPs and bandwidth models, and priced offers.

Two data files, each row with a source and a date:

* ``gpu_specs.csv`` — one row per GPU (memory, dense bf16 and FP8 TFLOPS, bandwidth,
  architecture generation, interconnect, aliases). Adding a GPU is one row here (and its
  offers): the parsers and help texts read the names from this file.
* ``gpu_offers.csv`` — priced offers in the column layout of dstack's gpuhunt catalogs
  (provider, instance_name, location, price for the whole instance, cpu, memory,
  gpu_count, gpu_name, gpu_memory, spot) plus source and date.

**An instance of N GPUs** is priced from an offer of exactly N GPUs (the first in file
order: the file's order is its preference), so an 8-GPU node is its own price and a
single GPU is a single-GPU offer; with no offer of that size, N × the per-GPU rate of the
offer nearest in GPU count (a tie goes to the smaller), said in the source. Serving and
training ask the same question, so the same GPU and count get the same offer. Spot is the
spot offer chosen the same way; with none, 35% of on-demand (the source document's rule).
Reserved is on-demand × ``RESERVED_FACTOR``.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.catalog._csv import CatalogRow, read_rows
from engine.errors import UnknownGpuError

__all__ = [
    "RESERVED_FACTOR",
    "SPOT_FACTOR",
    "GpuCatalog",
    "GpuOffer",
    "GpuPrice",
    "GpuSpec",
    "InstancePrice",
    "canonical_gpu",
    "load_gpu_catalog",
]

SPOT_FACTOR = 0.35  # source document: "Spot discount (typically 60-70% off on-demand)" → ×0.35
RESERVED_FACTOR = 0.60  # ftroi assumption: a 1-year commitment at about 40% off on-demand


Architecture = Literal["turing", "ampere", "ada", "hopper", "blackwell", "cdna3"]
Interconnect = Literal["nvlink", "infinity_fabric", "pcie"]
Pricing = Literal["on_demand", "spot", "reserved"]


class GpuSpec(CatalogRow):
    key: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    name: str
    memory_gb: Annotated[float, Field(gt=0)]
    bf16_tflops: Annotated[float, Field(gt=0)]  # dense; a T4's FP16 (Turing has no bf16)
    fp8_tflops: Annotated[float, Field(gt=0)] | None = None  # dense; None: no FP8 tensor cores
    bandwidth_gbps: Annotated[float, Field(gt=0)]
    architecture: Architecture
    interconnect: Interconnect
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

    model_config = ConfigDict(defer_build=True)  # its validator is built on first use

    usd_per_gpu_hour: float
    pricing: Pricing
    source: str
    date: str


class InstancePrice(BaseModel):
    """One hour of a whole instance of ``gpus`` GPUs and where the price came from."""

    model_config = ConfigDict(defer_build=True)  # its validator is built on first use

    usd_per_hour: float
    gpus: int
    pricing: Pricing
    source: str
    date: str

    @property
    def usd_per_gpu_hour(self) -> float:
        return self.usd_per_hour / self.gpus


class GpuCatalog(BaseModel):
    model_config = ConfigDict(defer_build=True)  # its validator is built on first use

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

    def price(self, key: str, pricing: Pricing) -> GpuPrice:
        """The default price of one GPU-hour of ``key``: a single-GPU instance's."""
        one = self.instance_price(key, 1, pricing)
        return GpuPrice(usd_per_gpu_hour=one.usd_per_hour, pricing=pricing, source=one.source,
                        date=one.date)

    def instance_price(self, key: str, gpus: int, pricing: Pricing) -> InstancePrice:
        """The price of one hour of an instance of ``gpus`` × ``key`` (see the module).

        >>> c = load_gpu_catalog()
        >>> c.instance_price("a10g", 8, "on_demand").usd_per_hour  # g5.48xlarge, not 8 × $1.03
        16.288
        >>> round(c.instance_price("a100_80g", 2, "on_demand").usd_per_hour, 2)  # the seed's
        5.0
        """
        offers = self.offers_for(key)
        if pricing == "spot":
            spot = _nearest([o for o in offers if o.spot], gpus)
            if spot is not None:
                return _instance(spot, gpus, "spot", 1.0, "")
        on_demand = _nearest([o for o in offers if not o.spot], gpus)
        if on_demand is None:
            raise UnknownGpuError(
                f"the GPU catalog has no price for {key}; type the instance's $/hour"
            )
        if pricing == "spot":
            return _instance(on_demand, gpus, "spot", SPOT_FACTOR,
                             "spot at 35% of on-demand (seed)")
        if pricing == "reserved":
            return _instance(on_demand, gpus, "reserved", RESERVED_FACTOR,
                             "reserved at 60% of on-demand (ftroi)")
        return _instance(on_demand, gpus, "on_demand", 1.0, "")


def _nearest(offers: list[GpuOffer], gpus: int) -> GpuOffer | None:
    """The first offer of exactly ``gpus`` GPUs, else the first nearest in GPU count."""
    exact = [o for o in offers if o.gpu_count == gpus]
    if exact:
        return exact[0]
    return min(offers, key=lambda o: (abs(math.log(o.gpu_count / gpus)), o.gpu_count),
               default=None)


def _instance(offer: GpuOffer, gpus: int, pricing: Pricing, factor: float,
              note: str) -> InstancePrice:
    where = f"{offer.provider} {offer.instance_name}" + (f" ({offer.location})" if offer.location
                                                         else "")
    if offer.gpu_count == gpus:
        usd = offer.price
        how = f"{where}: {offer.source}"
    else:
        usd = offer.price / offer.gpu_count * gpus
        size = f"{offer.gpu_count} GPU" + ("s" if offer.gpu_count > 1 else "")
        how = (f"{gpus}× the per-GPU rate of {where} ({size}; the catalog has no {gpus}-GPU "
               f"offer): {offer.source}")
    return InstancePrice(usd_per_hour=usd * factor, gpus=gpus, pricing=pricing,
                         source=how + (f"; {note}" if note else ""), date=offer.date)


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
