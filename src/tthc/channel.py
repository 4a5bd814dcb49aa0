"""How a dossier is submitted (cách thức thực hiện): the channels and how catalogs write them.

Below the model and the duration texts, which both name channels ("trực tuyến: 3 ngày làm
việc"); :mod:`tthc.model` re-exports both names.
"""

from __future__ import annotations

from enum import Enum


class Channel(str, Enum):
    """How a dossier is submitted (cách thức thực hiện)."""

    IN_PERSON = "in_person"
    """Trực tiếp."""
    ONLINE = "online"
    """Trực tuyến."""
    POSTAL = "postal"
    """Qua dịch vụ bưu chính công ích (BCCI)."""


#: How one-stop exports and published catalogs write each channel (cách thức thực hiện),
#: the value first: ``tthc report`` reads them in any case, with or without diacritics, and
#: a catalog that writes one gets the value suggested.
CHANNEL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "in_person": ("in_person", "Trực tiếp", "Nộp trực tiếp"),
    "online": ("online", "Trực tuyến", "Nộp trực tuyến", "Dịch vụ công trực tuyến"),
    "postal": (
        "postal",
        "Bưu chính",
        "Qua bưu chính",
        "Dịch vụ bưu chính công ích",
        "Qua dịch vụ bưu chính công ích",
        "BCCI",
    ),
}


__all__ = ["CHANNEL_SPELLINGS", "Channel"]
