"""The choice of a case (trường hợp) by name and channel, without pydantic.

A procedure or a time text may state several cases, one per channel or situation;
:func:`select_case` picks the one that applies. This module sits below :mod:`tthc.model`
so that reading a time text (:mod:`tthc.durationtext`) and computing a deadline from one
(``tthc due --time``) never load the catalog models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from tthc.channel import Channel
from tthc.errors import CaseLookupError
from tthc.i18n import Text

__all__ = ["CaseLike", "CaseLookupError", "select_case"]


class CaseLike(Protocol):
    """What case selection needs of a case: a :class:`Case` or a case read from text."""

    @property
    def name(self) -> str | None: ...

    @property
    def channel(self) -> Channel | None: ...


CaseT = TypeVar("CaseT", bound=CaseLike)


def select_case(
    cases: Sequence[CaseT],
    case: str | None = None,
    channel: Channel | str | None = None,
    *,
    subject: Text,
    label: Callable[[CaseT], str] | None = None,
) -> CaseT:
    """The one case (trường hợp) that applies, by case name and/or channel.

    A case without a channel applies to every channel. A name matches exactly or, failing
    that, as a case-insensitive substring. ``subject`` names what holds the cases in the
    error ("Procedure 1.012644", "The time '...'") and ``label`` how it lists a case (default:
    its name and channel). Raises :class:`CaseLookupError`, which
    lists the cases and how to choose one, when nothing or several match.
    """
    candidates = list(cases)
    if channel is not None:
        wanted = Channel(channel)
        candidates = [c for c in candidates if c.channel in (wanted, None)]
    if case is not None:
        exact = [c for c in candidates if c.name == case]
        if not exact:
            needle = case.casefold()
            exact = [c for c in candidates if c.name and needle in c.name.casefold()]
        candidates = exact
    if len(candidates) == 1:
        return candidates[0]
    # The message reaches Python callers (case=, channel=), the command line
    # (--case, --channel) and report files (case, channel columns): name all of them.
    names = ", ".join((label or _case_label)(c) for c in cases)
    if not candidates:
        asked_vi = " và ".join(
            ([f"tên trường hợp {case!r}"] if case is not None else [])
            + ([f"kênh {Channel(channel).value}"] if channel is not None else [])
        )
        asked_en = " and ".join(
            ([f"the case name {case!r}"] if case is not None else [])
            + ([f"the channel {Channel(channel).value}"] if channel is not None else [])
        )
        text = Text(
            f"{subject.vi}: không có trường hợp nào khớp {asked_vi}. Các trường hợp: {names}",
            f"{subject.en}: no case matches {asked_en}. Cases: {names}",
        )
    else:
        by_channel = channel is None and len({c.channel for c in candidates}) > 1
        text = Text(
            f"{subject.vi} có {len(candidates)} trường hợp khớp; hãy chọn một theo "
            "tên trường hợp (case; dòng lệnh: --case)"
            + (" hoặc kênh nộp (channel; dòng lệnh: --channel)" if by_channel else "")
            + f". Các trường hợp: {names}",
            f"{subject.en} has {len(candidates)} matching cases; choose one by "
            "case name (case; on the command line: --case)"
            + (" or channel (channel; on the command line: --channel)" if by_channel else "")
            + f". Cases: {names}",
        )
    raise CaseLookupError(text)


def _case_label(case: CaseLike) -> str:
    """A case as a lookup error lists it: its name, and its channel when it has one."""
    name = repr(case.name) if case.name is not None else "-"
    return f"{name} ({case.channel.value})" if case.channel is not None else name
