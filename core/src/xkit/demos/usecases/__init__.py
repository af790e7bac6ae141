"""The ten use cases, one module each, in the order of the spec's table."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .._model import UseCase
from . import (
    audience,
    bookmarking,
    dm_outreach,
    engagement,
    list_curation,
    media_posting,
    monitoring,
    publishing,
    spaces,
    thread,
)

__all__ = ["USECASES"]

USECASES: Mapping[str, UseCase] = MappingProxyType(
    {
        m.USECASE.slug: m.USECASE
        for m in (
            publishing,
            audience,
            monitoring,
            thread,
            dm_outreach,
            list_curation,
            engagement,
            bookmarking,
            spaces,
            media_posting,
        )
    }
)
