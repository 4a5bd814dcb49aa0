"""Many dossiers at once through the batch engine (tính hạn hàng loạt), each answer as the
JSON text one dossier would get (:func:`tthc.dossierjson.evaluate`), in the input's order.

The dossiers are grouped by what they ask (the time text, duration or procedure, with its
case and channel); each group's appointments come from one call of the public batch engine
(:meth:`tthc.rules.Rules.deadlines`), and the answers are written from a template: one
dossier of the group is computed by the library, the moments are what change from one
dossier to the next. Paused or finished dossiers take their deadline from the same call
and run the library's dossier clock on it.

A dossier goes the one-by-one way (:func:`tthc.dossierjson.evaluate`, which also gives each
error with its JSON path) whenever the grouped answer could differ: a bad moment or time,
a group the engine refuses, inter-agency steps (their planned moments differ per dossier),
a provisional deadline (its unconfirmed days and years differ per dossier), a plugin that
counts deadlines with its own code, and small groups (the engine's set-up costs more than
it saves). Without numpy (``tthc[batch]``) every dossier goes one by one. A check on the
template (the group's first dossier, both ways) sends the group one by one if they differ.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from tthc.dossier import clock_of, result
from tthc.dossierjson.request import (
    DossierError,
    DossierRequest,
    deadline_of,
    evaluate,
    moment_of,
    pauses_of,
    what_of,
)
from tthc.errors import TthcError
from tthc.i18n import Lang

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.catalog import Catalog
    from tthc.rules import Rules
    from tthc.sla import Deadline

__all__ = ["MIN_GROUP", "answer_texts"]

#: Groups smaller than this go one by one (an engine call costs about as much as a few
#: dossiers counted by the library).
MIN_GROUP = 8

#: Stand-ins for the four moments in a group's template (private-use characters: no time
#: text, case or message holds them; the template is checked to hold each once).
_MARKS = ("\ue000received\ue000", "\ue000effective\ue000", "\ue000starts\ue000", "\ue000due\ue000")
_FIELDS = ("received_at", "effective_at", "starts_at", "due_at")
_ZONE = "+07:00"  # every moment of the calendar's years is at +07:00 (tthc.tz.as_local)

Dumps = Callable[[Any], str]


def dumps_of(compact: bool) -> Dumps:
    """The JSON writer: compact (the service's bodies) or with spaces (``tthc due`` lines)."""
    separators = (",", ":") if compact else None

    def dumps(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, separators=separators)

    return dumps


def answer_texts(
    rules: Rules,
    catalog: Catalog | None,
    requests: Sequence[DossierRequest],
    lang: Lang,
    *,
    compact: bool = False,
    min_group: int = MIN_GROUP,
) -> list[str | DossierError]:
    """Each dossier's answer as JSON text, or its :class:`DossierError`, in order."""
    batch = _Batch(rules, catalog, requests, lang, dumps_of(compact), [None] * len(requests))
    alone: list[int] = []
    if len(requests) < min_group or rules.own_counting or not _has_numpy():
        alone = list(range(len(requests)))
    else:
        local = _Moments(rules)
        received: list[datetime | None] = [None] * len(requests)
        groups: dict[tuple[Any, ...], list[int]] = {}
        for index, request in enumerate(requests):
            moment = local.get(request.received_at)
            if moment is None:
                alone.append(index)
                continue
            received[index] = moment
            d = request.duration
            key = (
                request.time,
                None if d is None else (str(d.value), d.unit),
                request.procedure,
                request.case,
                request.channel,
            )
            groups.setdefault(key, []).append(index)
        for rows in groups.values():
            if len(rows) < min_group:
                alone.extend(rows)
            else:
                alone.extend(batch.group(rows, [received[i] for i in rows]))
    for index in alone:
        batch.out[index] = batch.library(index)
    return [answer for answer in batch.out if answer is not None]


class _Moments:
    """Moments as read by :func:`tthc.dossierjson.moment_of`, in naive Vietnam time
    (``None``: it would raise). The usual ``YYYY-MM-DD HH:MM[:SS]`` (or ``T``), which
    :func:`tthc.timeparse.parse_moment` reads as the same naive wall-clock time, is read
    directly; anything else by ``moment_of``. Remembered: a batch repeats moments."""

    def __init__(self, rules: Rules) -> None:
        self.calendar = rules.calendar
        self.years = range(self.calendar.first_year, self.calendar.last_year + 1)
        self.seen: dict[str, datetime | None] = {}

    def get(self, text: str) -> datetime | None:
        found = self.seen.get(text, _UNSEEN)
        if found is _UNSEEN:
            found = self.seen[text] = self._read(text)
        return found  # type: ignore[return-value]

    def _read(self, text: str) -> datetime | None:
        plain = _PLAIN.fullmatch(text)
        if plain is not None:
            year, month, day, hour, minute, second = plain.groups()
            if int(year) in self.years:
                try:
                    return datetime(
                        int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
                    )
                except ValueError:
                    pass  # 2026-02-30: moment_of says why
        try:
            moment = moment_of(text, "$", self.calendar)
        except DossierError:
            return None
        return moment.replace(tzinfo=None)


_UNSEEN = object()
#: The usual moment: read by parse_moment as this naive wall-clock time, nothing else.
_PLAIN = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?", re.ASCII)


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


#: A dossier's events as read (naive Vietnam time): its receipt, pauses and finish.
Events = tuple[datetime, list[tuple[datetime, datetime]], datetime | None]


@dataclass
class _Group:
    """A group of dossiers that ask the same thing, and its appointments from the engine."""

    rows: list[int]
    """The dossiers' places in the input."""
    what: Any
    """What they count (Rules.deadline's ``what``)."""
    got: Any
    """The engine's :class:`tthc.batch.Deadlines`, one row per dossier of ``rows``."""
    plain: Deadline
    """The library's deadline of the first, not provisional: what they all share."""


@dataclass
class _Batch:
    """One call of :func:`answer_texts`: the rules, the input and the answers so far."""

    rules: Rules
    catalog: Catalog | None
    requests: Sequence[DossierRequest]
    lang: Lang
    dumps: Dumps
    out: list[str | DossierError | None]

    def library(self, index: int) -> str | DossierError:
        """The library's answer for one dossier, or its error."""
        try:
            return self.dumps(evaluate(self.rules, self.catalog, self.requests[index], self.lang))
        except DossierError as exc:
            return exc

    def group(self, rows: list[int], received: list[datetime | None]) -> list[int]:
        """Answer the dossiers ``rows`` (one group, received at ``received``); the rows left
        for one by one."""
        first = self.requests[rows[0]]
        try:
            sample = deadline_of(self.rules, self.catalog, first)
            what = what_of(first, self.catalog)
            got = self.rules.deadlines(received, what, channel=first.channel, case=first.case)
        except TthcError:
            return rows  # one by one, each with its own error
        if sample.steps:
            return rows
        plain = replace(sample, provisional=False, provisional_years=(), provisional_days=())
        template = _template(plain, self.lang, self.dumps)
        if template is None:
            return rows
        columns = [_iso(getattr(got, name)) for name in _FIELDS]
        sure = (~got.provisional).tolist()
        texts = [
            f"{template[0]}{r}{template[1]}{e}{template[2]}{s}{template[3]}{d}{template[4]}"
            for r, e, s, d in zip(*columns, strict=True)
        ]
        if sure[0] and texts[0] != self.dumps(result(sample, None, self.lang)):
            return rows  # the template does not give the library's answer: trust the library
        left: list[int] = []
        clocked: list[int] = []
        for k, index in enumerate(rows):
            request = self.requests[index]
            if not sure[k]:
                left.append(index)
            elif request.pauses or request.finished_at is not None:
                clocked.append(k)
            else:
                self.out[index] = texts[k]
        if clocked:
            group = _Group(rows, what, got, plain)
            together, alone = self.events(group, clocked)
            if together:
                left.extend(self.clocked_together(group, together))
            if alone:
                left.extend(self.clocked_alone(group, alone))
        return left

    def events(self, group: _Group, clocked: list[int]) -> tuple[dict[int, Events], list[int]]:
        """The events of the ``clocked`` positions (in ``group.rows``) the engine can clock
        as the library does (national pause mode, not clock hours; closed pauses in order,
        a finish after them), and the positions it leaves to the library's clock."""
        from tthc.duration import Unit

        policy = self.rules.policy
        if policy.pause_mode != "pause" or group.plain.duration.unit is Unit.CLOCK_HOURS:
            return {}, clocked
        local = _Moments(self.rules)
        together: dict[int, Events] = {}
        alone: list[int] = []
        for k in clocked:
            request = self.requests[group.rows[k]]
            received = local.get(request.received_at)
            last = received
            pauses: list[tuple[datetime, datetime]] = []
            for pause in request.pauses:
                start = local.get(pause.start)
                end = None if pause.end is None else local.get(pause.end)
                if last is None or start is None or end is None or start < last or end < start:
                    last = None
                    break
                pauses.append((start, end))
                last = end
            finished = None if request.finished_at is None else local.get(request.finished_at)
            if (
                received is None
                or last is None
                or (request.finished_at is not None and (finished is None or finished < last))
            ):
                alone.append(k)
                continue
            together[k] = (received, pauses, finished)
        return together, alone

    def clocked_together(self, group: _Group, together: dict[int, Events]) -> list[int]:
        """Clock ``together`` in one :meth:`Rules.evaluate` call and write their answers as
        :func:`tthc.dossier.result` does; the rows left: the provisional ones, or all if
        the engine refuses them or the first answer is not the library's."""
        from datetime import timedelta

        import numpy as np

        from tthc.dossier import working_time_words
        from tthc.sla import iso_duration, status_text, working_days_of

        positions = list(together)
        events = [together[k] for k in positions]
        first = self.requests[group.rows[positions[0]]]
        as_of = max(max(e[0], *(p[1] for p in e[1]), e[2] or e[0]) for e in events)
        try:
            ev = self.rules.evaluate(
                [e[0] for e in events],
                group.what,
                finished_at=[e[2] for e in events],
                pauses=[e[1] for e in events],
                as_of=as_of,
                channel=first.channel,
                case=first.case,
            )
        except TthcError:
            return [group.rows[k] for k in positions]
        picked = np.asarray(positions, dtype=np.int64)
        received, effective, starts, original = (
            _iso(getattr(group.got, name)[picked]) for name in _FIELDS
        )
        due = _iso(ev.due_at)
        late = ev.late_by.astype(np.int64).tolist()
        paused = ev.paused.astype(np.int64).tolist()
        unsure = ev.provisional.tolist()
        status = ev.status.tolist()
        lang, policy = self.lang, self.rules.policy
        base = result(group.plain, None, lang)
        left: list[int] = []
        checked = False
        for n, k in enumerate(positions):
            index = group.rows[k]
            if unsure[n]:
                left.append(index)
                continue
            _, pauses, finished = events[n]
            late_by = None if finished is None else timedelta(microseconds=late[n])
            paused_time = timedelta(microseconds=paused[n])
            state = status[n] if finished is not None else "open"
            kinds: list[tuple[str, datetime]] = []
            for start, end in pauses:
                kinds += [("pause", start), ("resume", end)]
            if finished is not None:
                kinds.append(("finish", finished))
            data = dict(base)
            data["received_at"] = received[n] + _ZONE
            data["effective_at"] = effective[n] + _ZONE
            data["starts_at"] = starts[n] + _ZONE
            data["due_at"] = due[n] + _ZONE
            data.update(  # the fields and order of DossierClock.to_dict, then of result()
                {
                    "status": state,
                    "status_text": status_text(cast(Any, state), lang),
                    "finished_at": None if finished is None else finished.isoformat() + _ZONE,
                    "late_by": None if late_by is None else iso_duration(late_by),
                    "late_by_days": None if late_by is None else str(working_days_of(late_by)),
                    "paused_time": iso_duration(paused_time),
                    "pause_mode": policy.pause_mode,
                    "late_pause_extends": policy.late_pause_extends,
                    "provisional": False,
                    "provisional_years": [],
                    "provisional_days": [],
                    "events": [
                        {"kind": kind, "at": at.isoformat() + _ZONE, "note": None}
                        for kind, at in kinds
                    ],
                    "original_due_at": original[n] + _ZONE,
                    "paused": False,
                    "paused_time_text": working_time_words(paused_time)(lang),
                    "late_by_text": None if late_by is None else working_time_words(late_by)(lang),
                }
            )
            text = self.dumps(data)
            if not checked:  # the first answer both ways: on any difference, the library's
                checked = True
                if text != self.library(index):
                    return [group.rows[k] for k in positions]
            self.out[index] = text
        return left

    def clocked_alone(self, group: _Group, alone: list[int]) -> list[int]:
        """The library's dossier clock on the engine's deadline, one dossier at a time; the
        rows left (a pause or finish the clock refuses) go one by one."""
        import numpy as np

        from tthc.tz import VN_TZ

        calendar = self.rules.calendar
        picked = np.asarray(alone, dtype=np.int64)
        moments = [getattr(group.got, name)[picked].tolist() for name in _FIELDS]
        left: list[int] = []
        for k, rec, eff, start, due in zip(alone, *moments, strict=True):
            index = group.rows[k]
            request = self.requests[index]
            deadline = replace(
                group.plain,
                received_at=rec.replace(tzinfo=VN_TZ),
                effective_at=eff.replace(tzinfo=VN_TZ),
                starts_at=start.replace(tzinfo=VN_TZ),
                due_at=due.replace(tzinfo=VN_TZ),
            )
            try:
                pauses = pauses_of(request, calendar)
                finished = (
                    None
                    if request.finished_at is None
                    else moment_of(request.finished_at, "$.finished_at", calendar)
                )
                clock = clock_of(self.rules, deadline, pauses, finished)
            except TthcError:  # DossierError too: the library says what
                left.append(index)
                continue
            self.out[index] = self.dumps(result(deadline, clock, self.lang))
        return left


def _template(plain: Deadline, lang: Lang, dumps: Dumps) -> tuple[str, ...] | None:
    """The group's answer as text around its four moments (each ``...+07:00`` follows the
    moment), or ``None`` when the stand-ins are not each found once."""
    data = result(plain, None, lang)
    for name, mark in zip(_FIELDS, _MARKS, strict=True):
        data[name] = mark
    text = dumps(data)
    parts: list[str] = []
    for mark in _MARKS:
        if text.count(mark) != 1:
            return None
        head, _, text = text.partition(mark)
        parts.append(head)
    parts.append(text)
    return (parts[0], *(_ZONE + part for part in parts[1:]))


def _iso(values: npt.NDArray[np.datetime64]) -> list[str]:
    """Naive local ``datetime64[us]`` as :meth:`datetime.isoformat` writes them (without the
    zone): seconds always, microseconds only when there are some."""
    import numpy as np

    out: list[str] = np.datetime_as_string(values, unit="s").tolist()
    fraction = np.flatnonzero(values.astype(np.int64) % 1_000_000)
    for k in fraction.tolist():
        out[k] = str(np.datetime_as_string(values[k], unit="us"))
    return out
