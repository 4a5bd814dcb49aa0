"""A dossier as JSON (hồ sơ): the object of ``tthc due --batch`` lines and of the body of
``POST /v1/deadlines``, and the answer both give.

The request and one dossier's answer are :mod:`.request` (re-exported here); many dossiers
at once go through :func:`evaluate_many` (by groups through the batch engine,
:mod:`.grouped`); plainly valid JSON is read without pydantic's per-field work by
:mod:`.fastread`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tthc.dossierjson.request import (
    MAX_PAUSES,
    DeadlineRequest,
    DossierError,
    DossierRequest,
    DurationRequest,
    Moment,
    PauseRequest,
    deadline_of,
    evaluate,
    json_path,
    moment_of,
    pauses_of,
    request_errors,
    what_of,
)
from tthc.i18n import Lang

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.rules import Rules

__all__ = [
    "MAX_PAUSES",
    "DeadlineRequest",
    "DossierError",
    "DossierRequest",
    "DurationRequest",
    "Moment",
    "PauseRequest",
    "deadline_of",
    "evaluate",
    "evaluate_many",
    "json_path",
    "moment_of",
    "pauses_of",
    "request_errors",
    "what_of",
]

#: What :func:`evaluate_many` yields per dossier: its answer, or its error.
Outcome = dict[str, Any] | DossierError


def evaluate_many(
    rules: Rules,
    catalog: Catalog | None,
    requests: Sequence[DossierRequest],
    lang: Lang,
) -> list[Outcome]:
    """The answers for many dossiers, in order; a bad one gives its :class:`DossierError` in
    its place and the others are still computed: each the answer :func:`evaluate` gives,
    grouped through the batch engine where it gives the same (:mod:`.grouped`). (The one
    path arrays of dossiers take; the service and ``tthc due --batch`` take the answers as
    JSON text from :func:`tthc.dossierjson.grouped.answer_texts`.)"""
    from tthc.dossierjson.grouped import answer_texts

    return [
        json.loads(answer) if isinstance(answer, str) else answer
        for answer in answer_texts(rules, catalog, requests, lang)
    ]
