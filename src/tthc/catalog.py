"""A procedure catalog (danh mục thủ tục hành chính) kept as a folder of YAML files.

Layout (see ``docs/catalog-format.md``)::

    catalog/
      fields.yaml            lĩnh vực: a list of {id, name}
      agencies.yaml          cơ quan thực hiện: a list of {id, name}
      procedures/
        2.000815.yaml        one procedure per file, named by its code

:meth:`Catalog.load` reads everything it can and records what it cannot as
findings (``TT100`` unreadable YAML, ``TT101`` schema error), so that ``tthc validate``
reports every problem at once. :func:`load_catalog` is the strict form for library
use: it raises :class:`~tthc.errors.CatalogError` listing the problems.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tthc.catalogfiles import (
    AGENCIES_FILE,
    FIELDS_FILE,
    PROCEDURES_DIR,
    catalog_files,
    refused,
)
from tthc.durationtext import parse_duration
from tthc.errors import CatalogError, ProcedureNotFound, TthcError, UnknownLevel
from tthc.findings import Finding, Severity, file_disabled_codes
from tthc.i18n import Text
from tthc.model import (
    CHANNEL_SPELLINGS,
    Case,
    DossierComponent,
    Duration,
    Fee,
    LegalDocument,
    Level,
    Procedure,
    Source,
    Step,
    Unit,
    thousands_reading,
)
from tthc.yamlsource import (
    MAX_BYTES,
    Directive,
    Loc,
    Position,
    YamlDocument,
    YamlError,
    kind_of,
    load_yaml,
    parse_yaml,
)

__all__ = [
    "AGENCIES_FILE",
    "FIELDS_FILE",
    "PROCEDURES_DIR",
    "Catalog",
    "ProcedureNotFound",
    "ProcedureSource",
    "Registry",
    "RegistryEntry",
    "UnknownLevel",
    "likely_codes",
    "load_catalog",
    "registry_names",
    "unknown_code",
]

_LOADER = "tthc"


class RegistryEntry(BaseModel):
    """One field (lĩnh vực) or agency (cơ quan) of a registry."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1)
    """Stable id that procedures refer to, e.g. ``tu-phap`` or ``so-tu-phap``."""
    name: str = Field(min_length=1)
    """Name as published, in Vietnamese."""
    name_en: str | None = None
    notes: str | None = None
    source: Source | None = None


@dataclass
class Registry:
    """A registry of fields or agencies: entries by id, with the file they came from."""

    path: str
    entries: dict[str, RegistryEntry] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    duplicates: list[tuple[RegistryEntry, Position, Position]] = field(default_factory=list)
    """Entries whose id was already defined: (entry, its position, first position)."""
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of entries with a schema error (reported): still known, so that references to
    them are not reported a second time."""
    readable: bool = True
    """False when the file could not be read as a list of entries (that error is
    reported); references to the registry are then not checked, as if it were missing."""

    def __contains__(self, item: object) -> bool:
        return item in self.entries or item in self.invalid_ids

    def __len__(self) -> int:
        return len(self.entries)

    def name_of(self, entry_id: str) -> str:
        """The name of ``entry_id``, or the id itself when unknown."""
        entry = self.entries.get(entry_id)
        return entry.name if entry is not None else entry_id


class ProcedureSource:
    """Where a procedure came from: its file, the positions of its values, its comments."""

    __slots__ = ("_document", "code", "directives", "path")

    def __init__(
        self,
        path: str,
        code: str | None,
        document: YamlDocument | None = None,
        directives: tuple[Directive, ...] = (),
    ) -> None:
        self.path = path
        self.code = code
        self.directives = directives
        self._document = document

    def position(self, loc: Loc = ()) -> Position:
        """Line and column of the value at ``loc`` (or of its nearest enclosing value)."""
        if self._document is None:
            return Position(self.path, 1, 1)
        return self._document.position(loc)

    def key_position(self, loc: Loc) -> Position:
        """Line and column of the key at ``loc`` (or as :meth:`position`)."""
        if self._document is None:
            return Position(self.path, 1, 1)
        return self._document.key_position(loc)

    def __repr__(self) -> str:
        return f"ProcedureSource({self.path!r}, code={self.code!r})"


class Catalog:
    """Procedures by code, with their sources, the registries and the load problems.

    Iterating yields procedures in code order. Use :meth:`load` to read a folder and
    :meth:`of` to build one in memory.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        """The catalog folder (the first one when several paths were loaded)."""
        self._procedures: dict[str, Procedure] = {}
        self._sources: dict[str, ProcedureSource] = {}
        self._order: list[str] | None = None
        self.duplicates: list[tuple[Procedure, ProcedureSource]] = []
        """Procedures whose code another file already defined (reported as TT203)."""
        self.fields: Registry | None = None
        """The field registry (``fields.yaml``), ``None`` when the catalog has none."""
        self.agencies: Registry | None = None
        """The agency registry (``agencies.yaml``), ``None`` when the catalog has none."""
        self.problems: list[Finding] = []
        """What could not be loaded (TT100, TT101), as findings."""
        self.files_read = 0
        """Procedure files read by :meth:`load` (loaded or not; each file once)."""
        self._disabled: dict[str, frozenset[str]] = {}
        # Files with a schema error whose other keys still make a procedure: checked by
        # the validation rules (so that one bad value does not hide every other finding of
        # the file), never used as a procedure. code -> (procedure, source, keys set aside)
        self._partial: dict[str, tuple[Procedure, ProcedureSource, frozenset[str]]] = {}

    # -- building ---------------------------------------------------------------------

    @classmethod
    def of(cls, procedures: Iterable[Procedure]) -> Catalog:
        """A catalog held in memory (no files, no registries)."""
        catalog = cls()
        for procedure in procedures:
            catalog.add(procedure, ProcedureSource("<memory>", procedure.code))
        return catalog

    def add(self, procedure: Procedure, source: ProcedureSource) -> None:
        """Add one procedure; a code already present goes to :attr:`duplicates`."""
        if procedure.code in self._procedures:
            self.duplicates.append((procedure, source))
            return
        self._procedures[procedure.code] = procedure
        self._sources[procedure.code] = source
        self._order = None

    @classmethod
    def load(
        cls, paths: str | Path | Sequence[str | Path], *, max_bytes: int = MAX_BYTES
    ) -> Catalog:
        """Read a catalog folder, a ``procedures/`` folder, or procedure files.

        Registries are looked up in the catalog folder: the folder holding
        ``procedures/``, or the folder of the files given. Problems in files become
        :attr:`problems`; a path that does not exist, or holds no YAML file at all,
        raises :class:`~tthc.errors.CatalogError`.
        """
        roots, files, problems = catalog_files(paths)
        catalog = cls()
        catalog.problems.extend(problems)
        catalog.load_registries(roots, max_bytes)
        # Loading builds many small objects and frees none: the cyclic garbage collector
        # would rescan them again and again while loading (``tthc validate`` then freezes
        # them with gc.freeze(), so that they are never scanned).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for file in files:
                catalog.files_read += 1
                catalog._load_procedure(file, max_bytes)
        finally:
            if collecting:
                gc.enable()
        return catalog

    @classmethod
    def from_text(
        cls, content: bytes | str, name: str = "<string>", *, registries: Catalog | None = None
    ) -> Catalog:
        """A catalog of one procedure file given as its text (YAML), named ``name`` in its
        findings; nothing is read from disk. ``registries``: a catalog whose field and
        agency registries the procedure is checked against (the service's loaded catalog).
        """
        catalog = cls()
        if registries is not None:
            catalog.fields, catalog.agencies = registries.fields, registries.agencies
        catalog.files_read = 1
        catalog._add_document(name, lambda: parse_yaml(content, name, positions=False))
        return catalog

    def load_registries(self, roots: Sequence[Path], max_bytes: int = MAX_BYTES) -> None:
        """Read ``fields.yaml`` and ``agencies.yaml`` of each catalog folder (the first is
        :attr:`root`); their problems go to :attr:`problems`."""
        self.root = roots[0] if roots else None
        for root in roots:
            self.fields = self._load_registry(root / FIELDS_FILE, self.fields, max_bytes)
            self.agencies = self._load_registry(root / AGENCIES_FILE, self.agencies, max_bytes)

    def load_file(self, file: Path, max_bytes: int = MAX_BYTES) -> None:
        """Read one procedure file into the catalog (its problems go to :attr:`problems`)."""
        self.files_read += 1
        self._load_procedure(file, max_bytes)

    def _load_procedure(self, file: Path, max_bytes: int) -> None:
        self._add_document(str(file), lambda: load_yaml(file, max_bytes=max_bytes, positions=False))

    def _add_document(self, name: str, read: Callable[[], YamlDocument]) -> None:
        try:
            document = read()
        except YamlError as exc:
            self.problems.append(_yaml_finding(exc))
            return
        raw_code = document.data.get("code")
        code = raw_code if isinstance(raw_code, str) else None
        try:
            procedure = Procedure.model_validate(document.data)
        except ValidationError as exc:
            self.problems.extend(_schema_findings(exc, document, code))
            self._set_aside(exc, document, name)
            return
        # The data is not needed any more; the text stays for positions (computed on demand).
        document.data = None
        source = ProcedureSource(name, procedure.code, document, document.directives)
        self.add(procedure, source)
        if document.directives:
            self._disabled[name] = file_disabled_codes(source)

    def _set_aside(self, exc: ValidationError, document: YamlDocument, name: str) -> None:
        """Keep what the rest of a file that failed its schema check still makes: the
        procedure without the top-level keys that have an error (TT101 reports them), when
        that is valid. An error about the whole record, or in a required key, leaves
        nothing to check."""
        errors = exc.errors()
        if any(not error["loc"] for error in errors):
            return
        bad = frozenset(str(error["loc"][0]) for error in errors)
        rest = {key: value for key, value in document.data.items() if key not in bad}
        try:
            procedure = Procedure.model_validate(rest)
        except ValidationError:
            return
        if procedure.code in self._sources or procedure.code in self._partial:
            return  # a second file with that code: TT203 is about the loaded one
        source = ProcedureSource(name, procedure.code, document, document.directives)
        self._partial[procedure.code] = (procedure, source, bad)
        if document.directives:
            self._disabled[name] = file_disabled_codes(source)

    def partial(self) -> Iterator[tuple[Procedure, ProcedureSource, frozenset[str]]]:
        """Files that failed their schema check, as the procedure their other keys make,
        with the keys set aside: only for the validation rules."""
        for code in sorted(self._partial):
            yield self._partial[code]

    def set_aside(self, code: str) -> frozenset[str]:
        """The keys of procedure ``code`` left out because of a schema error (empty for a
        procedure that loaded whole): a rule should not report them missing."""
        entry = self._partial.get(code)
        return entry[2] if entry is not None and code not in self._sources else frozenset()

    def _load_registry(self, file: Path, into: Registry | None, max_bytes: int) -> Registry | None:
        if not os.path.lexists(file):
            return into
        refusal = refused(file.parent, str(file))
        if refusal is not None:  # a folder named fields.yaml, or a link out of the catalog
            self.problems.append(refusal)
            registry = into if into is not None else Registry(str(file))
            registry.readable = False
            return registry
        registry = into if into is not None else Registry(str(file))
        try:
            document = load_yaml(file, max_bytes=max_bytes, top_mapping=False)
        except YamlError as exc:
            self.problems.append(_yaml_finding(exc))
            registry.readable = False
            return registry
        data = document.data
        base: tuple[str | int, ...] = ()
        if isinstance(data, dict) and len(data) == 1 and file.stem in data:
            data = data[file.stem]
            base = (file.stem,)
        if not isinstance(data, list):
            where = document.position(base)
            self.problems.append(
                Finding(
                    rule="TT101",
                    severity=Severity.ERROR,
                    path=where.path,
                    line=where.line,
                    column=where.column,
                    message=Text(
                        f"{file.name} phải là một danh sách các mục {{id, name}}",
                        f"{file.name} must be a list of {{id, name}} entries",
                    ),
                    plugin=_LOADER,
                )
            )
            registry.readable = False
            return registry
        for index, item in enumerate(data):
            loc = (*base, index)
            try:
                entry = RegistryEntry.model_validate(item)
            except ValidationError as exc:
                self.problems.extend(_schema_findings(exc, document, None, prefix=loc))
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    registry.invalid_ids.add(item["id"])
                continue
            where = document.position(loc)
            first = registry.positions.get(entry.id)
            if first is not None:
                registry.duplicates.append((entry, where, first))
                continue
            registry.entries[entry.id] = entry
            registry.positions[entry.id] = where
        return registry

    # -- lookup -----------------------------------------------------------------------

    def codes(self) -> list[str]:
        """Procedure codes in order."""
        if self._order is None:
            self._order = sorted(self._procedures)
        return self._order

    def __getitem__(self, code: str) -> Procedure:
        try:
            return self._procedures[code]
        except KeyError:
            raise self._not_found(code) from None

    def get(self, code: str) -> Procedure | None:
        """The procedure with ``code``, or ``None``."""
        return self._procedures.get(code)

    def _not_found(self, code: str) -> ProcedureNotFound:
        # what a spreadsheet or a national code explains first (likely_codes), then codes
        # that look alike
        likely = list(likely_codes(str(code), self.codes()))
        alike = difflib.get_close_matches(str(code), self.codes(), n=3, cutoff=0.6)
        close = list(dict.fromkeys([*likely, *alike]))[:3]
        vi_more = f"; có phải: {', '.join(close)}?" if close else ""
        en_more = f"; did you mean: {', '.join(close)}?" if close else ""
        return ProcedureNotFound(
            Text(
                f"Không có thủ tục mã '{code}' trong danh mục ({len(self)} thủ tục){vi_more}",
                f"No procedure with code '{code}' in the catalog ({len(self)} "
                f"{'procedure' if len(self) == 1 else 'procedures'}){en_more}",
            )
        )

    def __contains__(self, code: object) -> bool:
        return code in self._procedures

    def __len__(self) -> int:
        return len(self._procedures)

    def __iter__(self) -> Iterator[Procedure]:
        for code in self.codes():
            yield self._procedures[code]

    def __repr__(self) -> str:
        return f"Catalog(root={str(self.root)!r}, procedures={len(self)})"

    def source_of(self, code: str) -> ProcedureSource:
        """The file and positions of the procedure ``code`` (for findings)."""
        try:
            return self._sources[code]
        except KeyError:
            partial = self._partial.get(code)  # a rule checking what loaded of a file
            if partial is not None:
                return partial[1]
            raise self._not_found(code) from None

    def sources(self) -> Iterator[ProcedureSource]:
        """Sources of every loaded procedure file, duplicates included."""
        for code in self.codes():
            yield self._sources[code]
        for _, source in self.duplicates:
            yield source

    def disabled_in(self, path: str) -> frozenset[str]:
        """Rule codes disabled in file ``path`` by ``# tthc: disable=...``."""
        return self._disabled.get(path, frozenset())

    # -- filters ------------------------------------------------------------------------

    def by_field(self, field_id: str) -> list[Procedure]:
        """Procedures of field (lĩnh vực) ``field_id``, in code order."""
        return [p for p in self if p.field == field_id]

    def by_agency(self, agency_id: str) -> list[Procedure]:
        """Procedures that agency ``agency_id`` carries out (cơ quan thực hiện)."""
        return [p for p in self if agency_id in p.agencies]

    def by_level(self, level: Level | str) -> list[Procedure]:
        """Procedures carried out at ``level`` (cấp thực hiện).

        Raises :class:`UnknownLevel` (a ValueError) for a level that does not exist.
        """
        try:
            wanted = Level(level)
        except ValueError:
            known = ", ".join(item.value for item in Level)
            raise UnknownLevel(
                Text(
                    f"Cấp thực hiện {level!r} không hợp lệ; các cấp: {known}",
                    f"Unknown level {level!r}; the levels are: {known}",
                )
            ) from None
        return [p for p in self if wanted in p.levels]

    @property
    def has_errors(self) -> bool:
        """Whether loading found an error (a file left out of the catalog)."""
        return any(f.severity is Severity.ERROR for f in self.problems)


def load_catalog(
    paths: str | Path | Sequence[str | Path], *, max_bytes: int = MAX_BYTES
) -> Catalog:
    """Load a catalog; raise :class:`~tthc.errors.CatalogError` if any file cannot be loaded.

    The error's message lists every problem as ``path:line:col: CODE message`` and
    its ``problems`` attribute holds the :class:`~tthc.validation.Finding` objects.
    Validation rules are not run: use ``Rules.validate(catalog)`` for them.
    """
    catalog = Catalog.load(paths, max_bytes=max_bytes)
    errors = [f for f in catalog.problems if f.severity is Severity.ERROR]
    if errors:
        errors.sort(key=lambda f: f.sort_key)
        listing_vi = "\n".join(
            f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message.vi}" for f in errors
        )
        listing_en = "\n".join(
            f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message.en}" for f in errors
        )
        raise CatalogError(
            Text(
                f"Không nạp được danh mục: {len(errors)} lỗi\n{listing_vi}",
                f"Cannot load the catalog: {len(errors)} error(s)\n{listing_en}",
            ),
            list(errors),
        )
    return catalog


# -- helpers ------------------------------------------------------------------------------


def likely_codes(code: str, codes: Sequence[str]) -> dict[str, bool]:
    """The codes of the sorted ``codes`` that ``code`` probably means, likeliest first.

    Each maps to whether a spreadsheet reading the code as a number explains it: it wrote
    ``1.00417`` for ``1.004170`` (trailing zeros dropped) or ``1,004222`` with a decimal
    comma. A national code (``2.000815``) also stands for the records published with
    local suffixes (``2.000815.000.00.00.H61``), which map to ``False``.
    """
    bases = [code]
    head, comma, tail = code.partition(",")
    if comma and "." not in code:
        bases.append(f"{head}.{tail}")
    head, dot, tail = bases[-1].partition(".")
    if dot and head.isdigit() and tail.isdigit() and len(tail) < 6:
        bases.append(f"{head}.{tail.ljust(6, '0')}")
    found: dict[str, bool] = {}
    for base in bases:
        at = bisect_left(codes, base)
        if base != code and at < len(codes) and codes[at] == base:
            found.setdefault(base, True)
        at = bisect_left(codes, base + ".")
        while at < len(codes) and codes[at].startswith(base + "."):
            found.setdefault(codes[at], base != code)
            at += 1
    return found


def unknown_code(code: str, codes: Sequence[str], *, alike: bool = True) -> Text:
    """ "procedure code 'X' is not in the catalog; did you mean ...? (why)", in both languages.

    The suggestions are :func:`likely_codes` of the sorted ``codes``, with the reason; when
    there are none and ``alike``, codes that look alike (a typo). One wording for every
    place a code is looked up (catalog, report rows, volume files).
    """
    vi = f"mã thủ tục {code!r} không có trong danh mục"
    en = f"procedure code {code!r} is not in the catalog"
    found = likely_codes(code, codes)
    if found:
        shown = list(found)[:3]
        more = len(found) - len(shown)
        if any(found[c] for c in shown):
            why = (
                "bảng tính có thể đã đọc mã như một số",
                "a spreadsheet may have read the code as a number",
            )
        else:
            why = (
                "danh mục ghi mã kèm hậu tố địa phương",
                "the catalog lists it with local suffixes",
            )
    else:
        head, dot, tail = code.replace(",", ".", 1).partition(".")
        if dot and head.isdigit() and tail.isdigit() and len(tail) < 6:
            padded = f"{head}.{tail.ljust(6, '0')}"  # said, so that the user need not wonder
            vi += f" (cả {padded!r}, nếu bảng tính đã bỏ các số 0 ở cuối, cũng không có)"
            en += f" (nor is {padded!r}, if a spreadsheet dropped its trailing zeros)"
        shown = difflib.get_close_matches(code, list(codes), n=3, cutoff=0.8) if alike else []
        more, why = 0, None
        if not shown:
            return Text(vi, en)
    vi += "; có phải " + " hay ".join(repr(c) for c in shown)
    en += "; did you mean " + " or ".join(repr(c) for c in shown)
    vi += f" (và {more} mã khác)?" if more else "?"
    en += f" (or {more} more)?" if more else "?"
    if why is not None:
        vi += f" ({why[0]})"
        en += f" ({why[1]})"
    return Text(vi, en)


def registry_names(catalog: object) -> dict[str, str]:
    """Names of the fields and agencies (lĩnh vực, cơ quan) of ``catalog``, by id.

    A :class:`Catalog` loaded with ``fields.yaml`` / ``agencies.yaml`` has them; any other
    iterable of procedures gives ``{}``. Markdown reports (on-time and reduction) show these
    names, ready to paste; JSON and CSV keep the ids.
    """
    names: dict[str, str] = {}
    for registry in (getattr(catalog, "fields", None), getattr(catalog, "agencies", None)):
        if registry is not None:
            names.update({k: entry.name for k, entry in registry.entries.items()})
    return names


def _yaml_finding(exc: YamlError) -> Finding:
    return Finding(
        rule="TT100",
        severity=Severity.ERROR,
        path=exc.path,
        line=exc.line,
        column=exc.column,
        # The message without its "path:line:col: " prefix: the finding carries those.
        message=Text(*(part.split(": ", 1)[1] for part in exc.text)),
        plugin=_LOADER,
    )


# Every field name of the models a procedure file is made of (for "did you mean").
_FIELD_NAMES = sorted(
    {
        name
        for model in (Procedure, Case, Step, Fee, DossierComponent, LegalDocument, Source)
        for name in model.model_fields
    }
    | {"value", "unit", "note"}
)


_Say = Callable[[dict[str, Any], Any], str]
"""How a pydantic error type reads in Vietnamese, from its ctx and its input."""


def _not(vi: str) -> _Say:
    """A message for a wrong type: ``vi``, then what the input was instead."""
    return lambda ctx, value: f"{vi}, không phải {kind_of(value).vi}"


def _one_of(ctx: dict[str, Any], value: Any) -> str:
    # pydantic's ctx "expected" is "'central', 'province', 'commune' or 'district'".
    return "cần một trong: " + ", ".join(_choices(ctx))


def _choices(ctx: dict[str, Any]) -> list[str]:
    return re.findall(r"'[^']*'", str(ctx.get("expected", "")))


def _at_least(unit: str) -> _Say:
    def say(ctx: dict[str, Any], value: Any) -> str:
        least = ctx.get("min_length", 1)
        return "không được rỗng" if least == 1 else f"cần ít nhất {least} {unit}"

    return say


def _at_most(unit: str) -> _Say:
    return lambda ctx, value: f"nhiều nhất {ctx.get('max_length')} {unit}"


def _date(ctx: dict[str, Any], value: Any) -> str:
    reason = str(ctx.get("error", ""))
    said = _DATE_REASONS.get(reason, f"“{reason}”" if reason else "")
    return "phải là ngày dạng YYYY-MM-DD" + (f" ({said})" if said else "")


def _bound(word: str) -> _Say:
    def say(ctx: dict[str, Any], value: Any) -> str:
        limit = next(iter(ctx.values()), "")
        return (
            "không được âm"
            if word == "lớn hơn hoặc bằng" and limit == 0
            else f"phải {word} {limit}"
        )

    return say


# speedate's reasons for a date it cannot read (pydantic's ctx "error").
_DATE_REASONS = {
    "input is too short": "quá ngắn; cần đủ 4 chữ số năm, 2 tháng, 2 ngày",
    "input is too long": "quá dài",
    "invalid character in year": "ký tự lạ ở phần năm",
    "invalid character in month": "ký tự lạ ở phần tháng",
    "invalid character in day": "ký tự lạ ở phần ngày",
    "invalid date separator, expected `-`": "các phần phải cách nhau bằng '-'",
    "month value is outside expected range of 1-12": "tháng phải từ 1 đến 12",
    "day value is outside expected range": "ngày vượt quá số ngày của tháng",
}

# Vietnamese for pydantic's error types that a catalog file can produce (English keeps
# pydantic's text). Each takes the error's ctx and input; none lets English through, except
# a reason pydantic adds that is not known here, which is quoted after the Vietnamese.
_VI_MESSAGES: dict[str, _Say] = {
    "missing": lambda ctx, value: "thiếu trường bắt buộc",
    "extra_forbidden": lambda ctx, value: "trường không có trong mô hình thủ tục",
    "string_type": _not("phải là chuỗi văn bản"),
    "int_type": _not("phải là số nguyên"),
    "int_parsing": _not("phải là số nguyên"),
    "int_from_float": lambda ctx, value: "phải là số nguyên, không phải số thập phân",
    "float_type": _not("phải là số"),
    "float_parsing": _not("phải là số"),
    "decimal_type": _not("phải là số"),
    "decimal_parsing": _not("phải là số"),
    "finite_number": lambda ctx, value: "phải là một số hữu hạn",
    "bool_type": _not("phải là đúng/sai (true hoặc false)"),
    "bool_parsing": _not("phải là đúng/sai (true hoặc false)"),
    "date_type": _not("phải là ngày dạng YYYY-MM-DD"),
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    # pydantic takes a number for a Unix time, and then finds it is not midnight
    "date_from_datetime_inexact": lambda ctx, value: (
        _not("phải là ngày dạng YYYY-MM-DD")(ctx, value)
        if isinstance(value, (int, float))
        else "phải là ngày dạng YYYY-MM-DD, không kèm giờ"
    ),
    "enum": _one_of,
    "literal_error": _one_of,
    "too_short": _at_least("mục"),
    "string_too_short": _at_least("ký tự"),
    "too_long": _at_most("mục"),
    "string_too_long": _at_most("ký tự"),
    "tuple_type": _not("phải là một danh sách"),
    "list_type": _not("phải là một danh sách"),
    "model_type": _not("phải là một bảng khoá: giá trị"),
    "model_attributes_type": _not("phải là một bảng khoá: giá trị"),
    "dict_type": _not("phải là một bảng khoá: giá trị"),
    "greater_than_equal": _bound("lớn hơn hoặc bằng"),
    "greater_than": _bound("lớn hơn"),
    "less_than_equal": _bound("nhỏ hơn hoặc bằng"),
    "less_than": _bound("nhỏ hơn"),
    "url_type": _not("phải là một địa chỉ URL"),
    "url_parsing": lambda ctx, value: (
        "phải là một địa chỉ URL hợp lệ" + (f" (“{ctx['error']}”)" if ctx.get("error") else "")
    ),
    "string_pattern_mismatch": lambda ctx, value: f"không khớp mẫu {ctx.get('pattern', '')}",
}


def _is_duration_type(error: Any) -> bool:
    """Whether ``error`` is a processing time given as something other than a mapping."""
    ctx = error.get("ctx") or {}
    return bool(error["type"] == "model_type" and ctx.get("class_name") == "Duration")


def _vi_message(error: Any, en: str) -> str:
    """The Vietnamese of one pydantic error (without the key and the input)."""
    ctx = error.get("ctx") or {}
    if "vi" in ctx:  # our validators carry their Vietnamese (tthc.duration.problems_of)
        return str(ctx["vi"])
    if _is_duration_type(error):
        got = kind_of(error.get("input")).vi
        return f"thời hạn phải là một bảng {{value, unit}}, không phải {got}"
    say = _VI_MESSAGES.get(error["type"])
    if say is None:  # a type not met so far: say so in Vietnamese and quote pydantic
        return f"giá trị không hợp lệ (“{en}”)"
    return str(say(ctx, error.get("input")))


def _schema_findings(
    exc: ValidationError,
    document: YamlDocument,
    code: str | None,
    prefix: tuple[str | int, ...] = (),
) -> list[Finding]:
    findings = []
    errors = exc.errors(include_url=False)
    child_locs = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    for error in errors:
        if error["type"] in ("too_short", "too_long") and tuple(error["loc"]) in child_locs:
            continue  # "0 items after validation" only repeats an item's own error
        loc = (*prefix, *error["loc"])
        data_loc = _data_loc(document.data, loc)
        where = (
            document.key_position(data_loc)
            if error["type"] == "extra_forbidden"
            else document.position(data_loc)
        )
        dotted = _dotted(loc[len(prefix) :])
        label = f"'{dotted}': " if dotted else ""  # a check of the whole record has no key
        en = error["msg"].removeprefix("Value error, ")  # pydantic's wrapper of a validator
        vi = _vi_message(error, en)
        value = error.get("input")
        if _is_duration_type(error):  # pydantic names the Python class: say what to write
            en = f"a processing time must be a mapping {{value, unit}}, not {kind_of(value).en}"
        if error["type"] == "whole_number_float":
            # The file says how the number was written (10.000), which YAML does not keep.
            written = _written(document, where)
            reading = thousands_reading(written, value) if written else None
            if reading is None and written:
                reading = Text(
                    f"cần một số nguyên, không phải số thập phân {written}",
                    f"expected a whole number, not the decimal number {written}",
                )
            if reading is not None:
                vi, en = reading.vi, reading.en
        if error["type"] not in ("missing", "extra_forbidden") and not isinstance(value, dict):
            # a mapping is not quoted: the position shows it (maybe the whole record)
            shown = (
                value.isoformat()
                if isinstance(value, (date, datetime))
                else str(value)  # Decimal('NaN') is for Python programmers: NaN
                if isinstance(value, Decimal)
                else repr(value)
            )
            if len(shown) > 60:
                shown = shown[:57] + "..."
            # our validators already quote what they refuse
            if shown not in en:
                en = f"{en} (got {shown})"
            if shown not in vi:
                vi = f"{vi} (nhận được {shown})"
        findings.append(
            Finding(
                rule="TT101",
                severity=Severity.ERROR,
                path=where.path,
                line=where.line,
                column=where.column,
                message=Text(f"{label}{vi}", f"{label}{en}"),
                hint=_schema_hint(error, loc),
                procedure=code,
                plugin=_LOADER,
            )
        )
    return findings


_SCALAR_END = re.compile(r"[\s,\]}#]")


def _written(document: YamlDocument, where: Position) -> str | None:
    """The plain scalar as written at ``where`` (e.g. ``10.000``), if it can be found."""
    lines = document.text.splitlines()
    if not 1 <= where.line <= len(lines):
        return None
    rest = lines[where.line - 1][where.column - 1 :]
    end = _SCALAR_END.search(rest)
    written = rest[: end.start()] if end else rest
    return written if re.fullmatch(r"[-+]?[\d_.]+", written) else None


# Words a Vietnamese catalog writer may put for an allowed value (diacritics dropped,
# lower case): the hint then names the value tthc expects.
_VALUE_WORDS = {
    "trung uong": "central",
    "cap trung uong": "central",
    "bo": "central",
    "tinh": "province",
    "cap tinh": "province",
    "xa": "commune",
    "cap xa": "commune",
    "huyen": "district",
    "cap huyen": "district",
    "truc tiep": "in_person",
    "truc tuyen": "online",
    "buu chinh": "postal",
    "bcci": "postal",
    "toan trinh": "toan_trinh",
    "mot phan": "mot_phan",
    "ngay lam viec": "working_days",
    "gio lam viec": "working_hours",
    "ngay": "calendar_days",
    "thang": "months",
    "trong ngay": "same_day",
}


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).lower().split())


# every spelling tthc report reads for a channel is suggested in a catalog too
_VALUE_WORDS.update(
    {
        _folded(spelling): value
        for value, spellings in CHANNEL_SPELLINGS.items()
        for spelling in spellings
    }
)


def _schema_hint(error: Any, loc: tuple[Any, ...]) -> Text | None:
    kind = error["type"]
    value = error.get("input")
    key = loc[-1] if loc and isinstance(loc[-1], str) else None
    if kind == "extra_forbidden" and key is not None:
        close = difflib.get_close_matches(key, _FIELD_NAMES, n=1, cutoff=0.7)
        if close:
            return Text(f"Có phải '{close[0]}'?", f"Did you mean '{close[0]}'?")
        return Text(
            "Xem các trường hợp lệ bằng 'tthc schema'.", "See the valid fields with 'tthc schema'."
        )
    if loc == ("code",) and isinstance(value, (int, float)):
        return Text(
            "Mã bị đọc thành số; hãy đặt trong dấu nháy, ví dụ code: '2.000815'.",
            "The code was read as a number; put it in quotes, e.g. code: '2.000815'.",
        )
    if kind in ("enum", "literal_error"):
        return _choice_hint(error, value)
    if _is_duration_type(error):
        return _duration_hint(key or "time", value)
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
        return _date_hint(value)
    if kind == "string_type" and isinstance(value, (int, float, date)):
        # `number: 15`, `title: 2025-07-01`, `note: yes`: YAML read the text as another type
        read_as = kind_of(value)
        return Text(
            f"YAML đọc giá trị này thành {read_as.vi}; hãy đặt nó trong dấu nháy ('...') để "
            "được đọc là văn bản.",
            f"YAML read this value as {read_as.en}; put it in quotes ('...') to have it read "
            "as text.",
        )
    if (
        kind in ("tuple_type", "list_type")
        and isinstance(value, str)
        and key is not None
        and re.fullmatch(r"[\w][\w .-]*", value)
    ):
        return Text(
            f"Viết thành danh sách: {key}: [{value}]", f"Write it as a list: {key}: [{value}]"
        )
    return None


def _choice_hint(error: Any, value: Any) -> Text | None:
    choices = [c.strip("'") for c in _choices(error.get("ctx") or {})]
    if isinstance(value, bool):
        return Text(
            "YAML đọc yes/no/on/off/true/false thành giá trị đúng/sai; hãy viết một trong các "
            "giá trị trên.",
            "YAML reads yes/no/on/off/true/false as a true/false value; write one of the values "
            "above.",
        )
    if not isinstance(value, str):
        return None
    folded = _folded(value)
    guess = _VALUE_WORDS.get(folded)
    if guess not in choices:
        by_case = [c for c in choices if _folded(c) == folded.replace(" ", "_")]
        close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.6)
        guess = (by_case or close or [""])[0]
    if not guess:
        return None
    return Text(f"Có phải '{guess}'?", f"Did you mean '{guess}'?")


def _duration_hint(key: str, value: Any) -> Text:
    """How to write a processing time: exactly, when the text given parses as one."""
    text_key = f"{key}_text" if f"{key}_text" in _FIELD_NAMES else None
    parsed: Duration | None = None
    if isinstance(value, str):
        try:
            parsed = parse_duration(value)
        except (TthcError, ValueError):
            parsed = None
    if parsed is not None:
        mapping = parsed.as_yaml(key)
        if text_key is None:
            return Text(f"Viết {mapping}.", f"Write {mapping}.")
        kept = f"{text_key}: {value.strip()}"
        return Text(
            f"Viết {mapping} và giữ nguyên văn bản ở {kept}.",
            f"Write {mapping} and keep the text in {kept}.",
        )
    units = ", ".join(unit.value for unit in Unit)
    shown = value if isinstance(value, (int, float)) and not isinstance(value, bool) else "N"
    mapping = f"{key}: {{value: {shown}, unit: working_days}}"
    keep_vi = f"; giữ văn bản gốc ở {text_key}" if text_key else ""
    keep_en = f"; keep the published text in {text_key}" if text_key else ""
    return Text(
        f"Viết {mapping} (đơn vị: {units}){keep_vi}.",
        f"Write {mapping} (units: {units}){keep_en}.",
    )


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date_hint(value: object) -> Text | None:
    """``2025-07-01`` for a date written day first (01/7/2025), without leading zeros
    (2025-7-1) or with a time of day (2025-07-01 10:00, which a date does not hold)."""
    if isinstance(value, datetime):
        iso = value.date().isoformat()
    elif isinstance(value, str):
        found = _DAY_FIRST.search(value)
        if found is not None:
            day, month, year = (int(part) for part in found.groups())
        else:
            found = _YEAR_FIRST.match(value.strip())
            if found is None:
                return None
            year, month, day = (int(part) for part in found.groups())
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            return None
        if iso == value.strip():
            return None
    else:
        return None
    return Text(f"Viết ngày dạng năm-tháng-ngày: {iso}.", f"Write the date year first: {iso}.")


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """The part of pydantic's ``loc`` that exists in the data (it adds union tags)."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            kept.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and not isinstance(part, bool):
            kept.append(part)
            node = node[part] if 0 <= part < len(node) else None
        elif node is None:
            kept.append(part)
        # otherwise a tag pydantic inserted (e.g. 'function-after[...]'): skip it
    return tuple(kept)


def _dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
