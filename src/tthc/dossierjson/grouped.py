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
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tthc.dossier import clock_of, result
from tthc.errors import TthcError
from tthc.i18n import Lang

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.catalog import Catalog
    from tthc.dossierjson import DossierError, DossierRequest
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
    from tthc.dossierjson import DossierError, evaluate, moment_of

    dumps = dumps_of(compact)
    out: list[str | DossierError | None] = [None] * len(requests)
    alone: list[int] = []
    if len(requests) < min_group or rules.own_counting or not _has_numpy():
        alone = list(range(len(requests)))
    else:
        calendar = rules.calendar
        read: dict[str, datetime | None] = {}
        received: list[datetime | None] = [None] * len(requests)
        groups: dict[tuple[Any, ...], list[int]] = {}
        for index, request in enumerate(requests):
            text = request.received_at
            if text not in read:
                try:
                    read[text] = moment_of(text, "$.received_at", calendar)
                except DossierError:
                    read[text] = None
            moment = read[text]
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
                alone.extend(_group(rules, catalog, requests, rows, received, lang, dumps, out))
    for index in alone:
        try:
            out[index] = dumps(evaluate(rules, catalog, requests[index], lang))
        except DossierError as exc:
            out[index] = exc
    return [answer for answer in out if answer is not None]


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _group(
    rules: Rules,
    catalog: Catalog | None,
    requests: Sequence[DossierRequest],
    rows: list[int],
    received: list[datetime | None],
    lang: Lang,
    dumps: Dumps,
    out: list[str | DossierError | None],
) -> list[int]:
    """Answer the dossiers ``rows`` (one group) into ``out``; the rows left for one by one."""

    from tthc.dossierjson import deadline_of, what_of

    first = requests[rows[0]]
    try:
        sample = deadline_of(rules, catalog, first)
        what = what_of(first, catalog)
        got = rules.deadlines(
            [received[i] for i in rows], what, channel=first.channel, case=first.case
        )
    except TthcError:
        return rows  # one by one, each with its own error
    if sample.steps:
        return rows
    plain = replace(sample, provisional=False, provisional_years=(), provisional_days=())
    template = _template(plain, lang, dumps)
    if template is None:
        return rows
    columns = [_iso(getattr(got, name)) for name in _FIELDS]
    sure = (~got.provisional).tolist()
    texts = [
        f"{template[0]}{r}{template[1]}{e}{template[2]}{s}{template[3]}{d}{template[4]}"
        for r, e, s, d in zip(*columns, strict=True)
    ]
    if sure[0] and texts[0] != dumps(result(sample, None, lang)):
        return rows  # the template does not give the library's answer: trust the library
    left: list[int] = []
    clocked: list[int] = []
    for k, index in enumerate(rows):
        if not sure[k]:
            left.append(index)
        elif requests[index].pauses or requests[index].finished_at is not None:
            clocked.append(k)
        else:
            out[index] = texts[k]
    if clocked:
        left.extend(_clocked(rules, requests, rows, clocked, got, plain, lang, dumps, out))
    return left


def _clocked(
    rules: Rules,
    requests: Sequence[DossierRequest],
    rows: list[int],
    clocked: list[int],
    got: Any,
    plain: Deadline,
    lang: Lang,
    dumps: Dumps,
    out: list[str | DossierError | None],
) -> list[int]:
    """The paused or finished dossiers of a group: the engine's deadline, the library's
    clock on it. The rows left (a pause or finish the clock refuses) go one by one."""
    import numpy as np

    from tthc.dossierjson import DossierError, moment_of, pauses_of
    from tthc.tz import VN_TZ

    calendar = rules.calendar
    picked = np.asarray(clocked, dtype=np.int64)
    moments = [getattr(got, name)[picked].tolist() for name in _FIELDS]
    left: list[int] = []
    for k, rec, eff, start, due in zip(clocked, *moments, strict=True):
        index = rows[k]
        request = requests[index]
        deadline = replace(
            plain,
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
            clock = clock_of(rules, deadline, pauses, finished)
        except (DossierError, TthcError):
            left.append(index)
            continue
        out[index] = dumps(result(deadline, clock, lang))
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
