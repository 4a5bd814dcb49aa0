"""Checking a catalog file by file (kiểm tra từng tệp): a result cache, several processes,
and memory for what cross-file rules need only. This is what ``tthc validate`` runs.

- **File by file.** Each procedure file is loaded, checked by every procedure rule, and
  dropped: what is kept of it is its findings and the little the catalog rules need (its
  code and where it is written, whether it names agencies, its ``# tthc: disable``). The
  catalog rules then run once over that outline with the registries. A procedure rule
  sees its own procedure and the registries (``fields.yaml``, ``agencies.yaml``). This is
  for the national rules (trusted code, whose needs are known): when a plugin brings
  rules, the whole catalog is loaded and :func:`tthc.validation.run_rules` runs them,
  each plugin contained in a thread with its time limit (that run cached as a whole). A
  file that failed its schema check is checked for what its other keys make
  (``Catalog.partial``); the discovery's findings (a link out of the catalog, a folder
  named like a YAML file) are kept.
- **A result cache**, as ruff's: the findings of each file are kept in a cache folder
  (``.tthc_cache/`` next to the configuration file, else in the current folder, with its
  own ``.gitignore``) under a key made of the file's content and of everything else its
  findings depend on: the tthc version and code, the configuration, the plugins with their
  versions, the registries, the current folder. A file whose key is found is not read
  again. The cache is JSON (never code), written whole to a temporary file and renamed,
  so that runs at the same time each leave a complete cache; a cache that cannot be read
  is ignored, one that cannot be written is skipped.
- **Several processes** (``--jobs``): the files not found in the cache are checked in
  chunks by a pool of processes; the results come back in file order, and findings are
  sorted by place as always, so the output does not depend on the number of jobs.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tthc.i18n import Text
from tthc.validation import CheckContext, Finding, RulePlan, Severity, directive_findings

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.rules import Rules
    from tthc.yamlsource import Position

__all__ = [
    "CACHE_DIR",
    "FileResult",
    "Outcome",
    "default_cache_dir",
    "default_jobs",
    "validate_paths",
]

#: The cache folder's name (next to the configuration file, else in the current folder).
CACHE_DIR = ".tthc_cache"

#: The layout of a cache file; a change makes earlier caches unread.
_FORMAT = 2

#: Files checked per task sent to a process: large enough that sending it costs little,
#: small enough that the processes finish together.
_CHUNK = 64

#: Below this many files to check, processes cost more to start than they save.
_POOL_FROM = 2 * _CHUNK

#: A file modified this close to the cache's writing may keep the size and time cached
#: (file systems store times in coarse grains): its content is hashed again.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class FileResult:
    """What checking one procedure file gave: its findings, and what the catalog rules
    need of it."""

    path: str
    code: str | None
    """The procedure's code, ``None`` when the file did not load."""
    code_at: tuple[int, int]
    """Line and column of its ``code:`` value (for a code defined twice)."""
    agencies: bool
    """Whether the procedure names agencies (for a missing ``agencies.yaml``)."""
    disabled: frozenset[str]
    """Rule codes the file switches off (``# tthc: disable=...``)."""
    always: tuple[Finding, ...]
    """What made the file not load (TT100, TT101), and its ``# tthc:`` comments that tthc
    does not understand (TT103)."""
    own: tuple[Finding, ...]
    """Findings of the procedure rules (dropped when another file defines the same code
    first: the procedure checked is that file's)."""
    partial: str | None = None
    """For a file that failed its schema check, the code of the procedure its other keys
    make (:meth:`tthc.catalog.Catalog.partial`), whose findings are :attr:`own`."""


@dataclass(frozen=True)
class Outcome:
    """The findings of a validation (sorted by place) and what the summary line counts."""

    findings: list[Finding]
    procedures: int
    files_read: int
    checked: int
    """Files read and checked this time (the others came from the cache)."""
    loaded: tuple[str, ...] = ()
    """The procedure files that loaded (a second file with the same code included)."""


def default_jobs() -> int:
    """Every core this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return max(1, os.cpu_count() or 1)  # pragma: no cover - macOS, Windows


def default_cache_dir(rules: Rules) -> Path:
    """``.tthc_cache`` next to the configuration file, else in the current folder."""
    config_path = getattr(rules.config, "path", None)
    base = Path(config_path).parent if config_path is not None else Path(".")
    return base / CACHE_DIR


def validate_paths(
    paths: Sequence[str | Path],
    rules: Rules,
    *,
    jobs: int = 1,
    cache_dir: Path | None = None,
    max_bytes: int | None = None,
) -> Outcome:
    """Validate the catalog at ``paths`` file by file: the findings
    :func:`tthc.validation.run_rules` gives on the loaded catalog, in the same order.

    ``cache_dir=None`` reads and writes no cache; ``jobs`` is the number of processes.
    """
    from tthc.catalogfiles import catalog_files
    from tthc.plugins.finder import NATIONAL_PLUGINS

    roots, files, problems = catalog_files(paths)
    plan = RulePlan.of(rules)
    store = _Store.open(cache_dir, _settings_key(rules, roots, max_bytes)) if cache_dir else None
    if not plan.plugins() <= set(NATIONAL_PLUGINS):
        return _whole_run(paths, files, problems, rules, store, _limit(max_bytes))

    results: list[FileResult | None] = []
    missing: list[int] = []
    stamps: list[tuple[str | None, list[int] | None]] = []
    for index, file in enumerate(files):
        cached = None
        if store is not None:
            digest, stat = store.digest(file, _limit(max_bytes))
            stamps.append((digest, stat))
            if digest is not None:
                cached = store.get(str(file), digest)
                if cached is not None:
                    store.restat(str(file), digest, stat)
        results.append(cached)
        if cached is None:
            missing.append(index)

    registries: Catalog | None = None
    if missing:
        limit = _limit(max_bytes)
        registries = _registries(roots, limit)
        todo = [files[i] for i in missing]
        checked = _check_all(todo, _Worker(rules, plan, registries, limit), jobs)
        for index, result in zip(missing, checked, strict=True):
            results[index] = result
            if store is not None:
                digest, stat = stamps[index]
                if digest is not None:
                    store.put(result.path, digest, result, stat)
    done = [r for r in results if r is not None]

    # The registries and the catalog rules: read from the cache when no file's outline
    # (code, place, agencies) changed, so that an unchanged catalog loads no model at all.
    outline_key = _outline_key(done)
    whole = store.get_catalog(outline_key) if store is not None else None
    if whole is None:
        if registries is None:
            registries = _registries(roots, _limit(max_bytes))
        whole = _catalog_findings(done, rules, plan, registries)
        if store is not None:
            store.put_catalog(outline_key, whole)
    if store is not None:
        store.save()

    findings: list[Finding] = [*problems, *whole, *plan.config_findings(rules)]
    disabled: dict[str, frozenset[str]] = {}
    seen: set[str] = set()
    seen_partial: set[str] = set()
    loaded: list[str] = []
    for result in done:
        findings.extend(result.always)
        if result.disabled:
            disabled[result.path] = result.disabled
        if result.code is not None:
            loaded.append(result.path)
            if result.code not in seen:
                seen.add(result.code)
                findings.extend(result.own)  # a duplicate's own findings are not reported
        elif (
            result.partial is not None
            and result.partial not in seen
            and result.partial not in seen_partial
        ):
            # What loaded of a file that failed its schema check is checked unless a file
            # read before it has that code (as Catalog.load keeps it).
            seen_partial.add(result.partial)
            findings.extend(result.own)
    kept = plan.kept(findings, lambda path: disabled.get(path, frozenset()))
    return Outcome(kept, len(seen), len(files), len(missing), tuple(loaded))


def _whole_run(
    paths: Sequence[str | Path],
    files: list[Path],
    problems: list[Finding],
    rules: Rules,
    store: _Store | None,
    max_bytes: int,
) -> Outcome:
    """Validate as :func:`tthc.validation.run_rules` does, for plugins' rules: each plugin
    contained in a thread with its time limit, over the whole catalog (a catalog rule may
    read any procedure, and the limit is for the whole catalog).

    Cached as a whole: the findings are reused when no file changed (nor anything the
    settings key holds), else the whole catalog is checked again. A run with a finding of a
    plugin that failed (TT000: raised, or did not finish in time) is not kept, so that it
    is tried again.
    """
    from tthc.catalog import Catalog
    from tthc.validation import CRASH_CODE

    key = None
    if store is not None:
        run = hashlib.blake2b(digest_size=16)
        for finding in problems:  # what discovery refused (links out of the catalog...)
            run.update(f"{finding.path}\0{finding.message.en}\n".encode())
        for file in files:
            digest, stamp = store.digest(file, max_bytes)
            if digest is None:
                break  # a file that cannot be read: nothing to key by
            store.restamp(str(file), digest, stamp)
            run.update(f"{file}\0{digest}\n".encode())
        else:
            key = run.hexdigest()
            cached = store.get_run(key)
            if cached is not None:
                store.save()
                return cached
    catalog = Catalog.load(paths, max_bytes=max_bytes)
    loaded = tuple(source.path for source in catalog.sources())
    found = rules.validate(catalog)
    outcome = Outcome(found, len(catalog), catalog.files_read, len(files), loaded)
    if store is not None and key is not None and all(f.rule != CRASH_CODE for f in found):
        store.put_run(key, outcome)
        store.save()
    return outcome


def _limit(max_bytes: int | None) -> int:
    """The largest file read: ``max_bytes``, else the loader's default."""
    if max_bytes is not None:
        return max_bytes
    from tthc.yamlsource import MAX_BYTES  # here: a cached run reads no YAML

    return MAX_BYTES


def _registries(roots: Sequence[Path], max_bytes: int) -> Catalog:
    """A catalog holding the registries of ``roots`` (and their problems) only."""
    from tthc.catalog import Catalog

    registries = Catalog()
    registries.load_registries(roots, max_bytes)
    return registries


# -- checking files -----------------------------------------------------------------------


class _Worker:
    """Checks one file at a time against the rules and the registries it was given."""

    def __init__(self, rules: Rules, plan: RulePlan, registries: Catalog, max_bytes: int):
        self.rules = rules
        self.plan = plan
        self.registries = registries
        self.max_bytes = max_bytes

    def check(self, file: Path) -> FileResult:
        from tthc.catalog import Catalog

        catalog = Catalog()
        catalog.root = self.registries.root
        catalog.fields = self.registries.fields
        catalog.agencies = self.registries.agencies
        catalog.load_file(file, self.max_bytes)
        path = str(file)
        codes = catalog.codes()
        context = CheckContext(catalog, self.rules)
        if not codes:
            # A schema error: the procedure the other keys make is checked all the same.
            partial: str | None = None
            own: list[Finding] = []
            for procedure, source, aside in catalog.partial():
                partial = procedure.code
                own = self.plan.check_procedure(procedure, source, context, aside)
            problems = tuple(catalog.problems)
            disabled = catalog.disabled_in(path)
            return FileResult(path, None, (1, 1), False, disabled, problems, tuple(own), partial)
        (code,) = codes
        procedure = catalog[code]
        source = catalog.source_of(code)
        notes = directive_findings(source, self.plan.known)
        own = self.plan.check_procedure(procedure, source, context)
        where = source.position(("code",))
        return FileResult(
            path,
            code,
            (where.line, where.column),
            bool(procedure.agencies),
            catalog.disabled_in(path),
            (*catalog.problems, *notes),
            tuple(own),
        )

    def check_many(self, files: Sequence[Path]) -> list[FileResult]:
        # Each file's objects die with it (reference counting): the cyclic collector
        # would only rescan the survivors again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return [self.check(file) for file in files]
        finally:
            if collecting:
                gc.enable()


#: The worker of this process's pool (set before the pool forks, or by _start_worker).
_WORKER: _Worker | None = None


def _start_worker(config: Any, roots: list[Path], max_bytes: int) -> None:
    """Build the worker in a process started afresh (no fork: macOS, Windows)."""
    global _WORKER
    from tthc.catalog import Catalog
    from tthc.rules import Rules

    rules = Rules(config)
    registries = Catalog()
    registries.load_registries(roots, max_bytes)
    _WORKER = _Worker(rules, RulePlan.of(rules), registries, max_bytes)


def _check_chunk(files: list[Path]) -> list[FileResult]:
    assert _WORKER is not None
    return _WORKER.check_many(files)


def _check_all(files: list[Path], worker: _Worker, jobs: int) -> list[FileResult]:
    """Check ``files`` in ``jobs`` processes (in this one when it is not worth more)."""
    if jobs <= 1 or len(files) < _POOL_FROM:
        return worker.check_many(files)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER
    chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin":
        # The children inherit the loaded rules and registries: nothing to rebuild.
        _WORKER = worker
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context)
    else:  # pragma: no cover - macOS, Windows
        roots = [worker.registries.root] if worker.registries.root is not None else []
        pool = ProcessPoolExecutor(
            min(jobs, len(chunks)),
            initializer=_start_worker,
            initargs=(worker.rules.config, roots, worker.max_bytes),
        )
    try:
        with pool:
            return [result for chunk in pool.map(_check_chunk, chunks) for result in chunk]
    finally:
        _WORKER = None


# -- the catalog rules, over an outline of the catalog ------------------------------------


@dataclass(frozen=True)
class _Outline:
    """What the catalog rules read of a procedure checked file by file."""

    code: str
    agencies: tuple[str, ...]


class _PinnedSource:
    """A procedure's file, with the one position the catalog rules ask for (its code)."""

    __slots__ = ("code", "code_at", "directives", "path")

    def __init__(self, path: str, code: str, code_at: tuple[int, int]) -> None:
        self.path = path
        self.code = code
        self.code_at = code_at
        self.directives = ()

    def position(self, loc: Sequence[str | int] = ()) -> Position:
        from tthc.yamlsource import Position

        if tuple(loc) == ("code",):
            return Position(self.path, *self.code_at)
        return Position(self.path, 1, 1)

    def key_position(self, loc: Sequence[str | int]) -> Position:
        return self.position(loc)


def _catalog_findings(
    results: Iterable[FileResult], rules: Rules, plan: RulePlan, registries: Catalog
) -> list[Finding]:
    """The registries' problems and the catalog rules' findings, over an outline of the
    catalog: per procedure, what the national catalog rules read (code, place, agencies)."""
    from tthc.catalog import Catalog

    outline = Catalog()
    outline.root = registries.root
    outline.fields = registries.fields
    outline.agencies = registries.agencies
    for result in results:
        if result.code is None:
            continue
        procedure: Any = _Outline(result.code, ("-",) if result.agencies else ())
        source: Any = _PinnedSource(result.path, result.code, result.code_at)
        outline.add(procedure, source)  # a code already there goes to duplicates
    return [*registries.problems, *plan.check_catalog(outline, CheckContext(outline, rules))]


def _outline_key(results: Iterable[FileResult]) -> str:
    """What the catalog rules read of the files, as one hash."""
    outline = hashlib.blake2b(digest_size=16)
    for r in results:
        outline.update(f"{r.path}\0{r.code}\0{r.code_at}\0{r.agencies}\n".encode())
    return outline.hexdigest()


# -- the cache ----------------------------------------------------------------------------


def _digest(file: Path, info: os.stat_result, max_bytes: int) -> str | None:
    """The hash of a file's content, read in pieces; ``None`` when it cannot be read, or
    is not a regular file (a pipe named on the command line: never read twice).

    A file larger than the loader reads is not read at all: the loader refuses it by its
    size alone, and that finding is cached like any other.
    """
    if not stat.S_ISREG(info.st_mode):
        return None  # the loader reports it
    if info.st_size > max_bytes:
        return f"larger-than:{max_bytes}"
    digest = hashlib.blake2b(digest_size=16)
    try:
        with open(file, "rb", buffering=0) as handle:
            while piece := handle.read(1 << 20):
                digest.update(piece)
    except OSError:
        return None  # the loader reports it
    return digest.hexdigest()


def _settings_key(rules: Rules, roots: Sequence[Path], max_bytes: int | None) -> str:
    """What every file's findings depend on besides its content, as one hash."""
    config = rules.config
    parts: dict[str, Any] = {
        "format": _FORMAT,
        "tthc": _tthc_version(),
        "code": _package_stamp(),
        "python": list(sys.version_info[:2]),
        "cwd": os.getcwd(),
        "max_bytes": max_bytes,
        "config": {
            "province": config.province,
            "plugins": list(config.plugins),
            "allow": None if config.allow is None else list(config.allow),
            "disable": sorted(config.disable),
            "extra": config.extra,
            "path": str(config.path) if config.path is not None else None,
            "text": _file_hash(config.path) if config.path is not None else None,
        },
        "plugins": [
            [p.name, p.origin, p.version, p.loaded, p.error, _module_hash(p.name)]
            for p in rules.plugins
        ],
        "registries": [
            [str(root), _file_hash(root / "fields.yaml"), _file_hash(root / "agencies.yaml")]
            for root in roots
        ],
    }
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _tthc_version() -> str:
    """The installed tthc's version (its distribution's metadata, read already by the
    plugin finder for the entry points)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tthc")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def _module_hash(name: str) -> str | None:
    """The hash of a plugin module's file, for plugins without a version (configuration
    modules) whose code may change under the same name."""
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    return _file_hash(Path(file)) if file else None


def _package_stamp() -> str:
    """Size and time of every file of tthc: a changed rule in a development install (same
    version number) is a new key too."""
    root = Path(__file__).parent
    stamp = hashlib.blake2b(digest_size=16)
    for here, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".json", ".yaml")):
                info = os.stat(os.path.join(here, name))
                stamp.update(f"{here}/{name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return stamp.hexdigest()


class _Store:
    """One cache file: for each procedure file, its content hash and its result."""

    def __init__(
        self,
        file: Path,
        entries: dict[str, Any],
        whole: Any = None,
        written: int = 0,
        *,
        usable: bool = True,
        run: Any = None,
    ) -> None:
        self.file = file
        self.entries = entries
        self.whole = whole
        self.run = run
        """A whole run's outcome, when plugins' rules ran (:func:`_whole_run`)."""
        self.written = written
        """When the run that wrote the cache started (ns since the epoch), before it looked
        at any file: a file changed in the same moment may have the same size and time as
        the one cached."""
        self.started = time.time_ns()
        self.usable = usable
        """False for a cache folder that is not this user's own real folder: neither read
        nor written."""
        self.changed = False

    @classmethod
    def open(cls, folder: Path, key: str) -> _Store:
        file = folder / f"v{_FORMAT}" / f"{key}.json"
        if not (_own_folder(folder) and _own_folder(file.parent)):
            return cls(file, {}, usable=False)
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
            entries = data["files"] if isinstance(data, dict) else {}
            whole = data.get("catalog") if isinstance(data, dict) else None
            run = data.get("run") if isinstance(data, dict) else None
            written = data.get("written") if isinstance(data, dict) else 0
            if not isinstance(entries, dict):
                entries = {}
            if not isinstance(written, int):
                written = 0
        except (OSError, ValueError, KeyError, TypeError):
            # none yet, or unreadable: start afresh
            entries, whole, run, written = {}, None, None, 0
        return cls(file, entries, whole, written, run=run)

    def digest(self, file: Path, max_bytes: int) -> tuple[str | None, list[int] | None]:
        """The content hash of ``file``, and its size and time. The hash is read from the
        cache, as git's index does, when the size and time are those cached and the file
        is older than the cache by more than the clock's grain; else the file is read."""
        try:
            info = os.stat(file)
        except OSError:
            return None, None  # the loader reports it
        stamp = [info.st_size, info.st_mtime_ns]
        entry = self.entries.get(str(file))
        if (
            isinstance(entry, list)
            and len(entry) == 3
            and entry[2] == stamp
            and isinstance(entry[0], str)
            and info.st_mtime_ns < self.written - _RACY_NS
            and stat.S_ISREG(info.st_mode)
        ):
            return entry[0], stamp
        return _digest(file, info, max_bytes), stamp

    def get_catalog(self, outline: str) -> list[Finding] | None:
        """The catalog-wide findings stored for this outline of the catalog, if any."""
        whole = self.whole
        if not isinstance(whole, list) or len(whole) != 2 or whole[0] != outline:
            return None
        try:
            return [_decode_finding("", row) for row in whole[1]]
        except (ValueError, TypeError, KeyError, IndexError):
            return None

    def put_catalog(self, outline: str, findings: list[Finding]) -> None:
        self.whole = [outline, [_encode_finding("", f) for f in findings]]
        self.changed = True

    def get_run(self, key: str) -> Outcome | None:
        """A whole run's outcome stored for this key (the files' hashes), if any."""
        run = self.run
        if not isinstance(run, list) or len(run) != 5 or run[0] != key:
            return None
        try:
            _, rows, procedures, files_read, loaded = run
            findings = [_decode_finding("", row) for row in rows]
            return Outcome(
                findings, _int(procedures), _int(files_read), 0, tuple(_str(p) for p in loaded)
            )
        except (ValueError, TypeError, KeyError, IndexError):
            return None

    def put_run(self, key: str, outcome: Outcome) -> None:
        rows = [_encode_finding("", f) for f in outcome.findings]
        self.run = [key, rows, outcome.procedures, outcome.files_read, list(outcome.loaded)]
        self.changed = True

    def restamp(self, path: str, digest: str, stamp: list[int] | None) -> None:
        """Record a file's hash with its size and time (no result: a whole run's file), so
        that the next run need not read it to hash it."""
        entry = self.entries.get(path)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == digest):
            self.entries[path] = [digest, None, stamp]
            self.changed = True
        elif entry[2] != stamp:
            entry[2] = stamp
            self.changed = True

    def get(self, path: str, digest: str) -> FileResult | None:
        entry = self.entries.get(path)
        if not isinstance(entry, list) or len(entry) != 3 or entry[0] != digest:
            return None
        try:
            return _decode(path, entry[1])
        except (ValueError, TypeError, KeyError, IndexError):
            return None  # a damaged entry is a file to check again

    def put(self, path: str, digest: str, result: FileResult, stat: list[int] | None) -> None:
        self.entries[path] = [digest, _encode(result), stat]
        self.changed = True

    def restat(self, path: str, digest: str, stat: list[int] | None) -> None:
        """Record a new size and time for a file whose content is unchanged (touched)."""
        entry = self.entries[path]
        if entry[2] != stat:
            entry[2] = stat
            self.changed = True

    def save(self) -> None:
        """Write the cache whole, then rename it into place (atomic), or not at all."""
        if not self.changed or not self.usable:
            return
        import tempfile

        folder = self.file.parent
        try:
            _make_folder(folder)
            fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    data = {
                        "format": _FORMAT,
                        "written": self.started,
                        "files": self.entries,
                        "catalog": self.whole,
                        "run": self.run,
                    }
                    json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(temp, self.file)
            except BaseException:
                with suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return  # a read-only checkout: validating works all the same, uncached


def _own_folder(folder: Path) -> bool:
    """Whether ``folder`` may hold the cache: absent (it will be made), or a real folder
    (not a symbolic link, which a repository could point anywhere) of this user (another
    user's cache could say that any file is clean)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _make_folder(folder: Path) -> None:
    """The cache folder, with a ``.gitignore`` that keeps it out of git and a
    ``CACHEDIR.TAG`` that keeps it out of backups (as ruff's)."""
    top = folder.parent
    top.mkdir(parents=True, exist_ok=True)
    folder.mkdir(exist_ok=True)
    for name, text in (
        (".gitignore", "# Automatically created by tthc.\n*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by tthc.\n",
        ),
    ):
        marker = top / name
        if not marker.exists():
            with suppress(OSError):
                marker.write_text(text, encoding="utf-8")


def _encode_finding(path: str, f: Finding) -> list[Any]:
    """A finding as a JSON row; its path is left out when it is ``path`` (the file's)."""
    return [
        f.rule,
        f.severity.value,
        None if f.path == path else f.path,
        f.line,
        f.column,
        f.message.vi,
        f.message.en,
        None if f.hint is None else [f.hint.vi, f.hint.en],
        f.procedure,
        f.plugin,
    ]


def _decode_finding(path: str, row: list[Any]) -> Finding:
    rule, severity, where, line, column, vi, en, hint, procedure, plugin = row
    return Finding(
        rule=_str(rule),
        severity=Severity(severity),
        path=path if where is None else _str(where),
        line=_int(line),
        column=_int(column),
        message=Text(_str(vi), _str(en)),
        hint=None if hint is None else Text(_str(hint[0]), _str(hint[1])),
        procedure=None if procedure is None else _str(procedure),
        plugin=_str(plugin),
    )


def _encode(result: FileResult) -> list[Any]:
    return [
        result.code,
        list(result.code_at),
        result.agencies,
        sorted(result.disabled),
        [_encode_finding(result.path, f) for f in result.always],
        [_encode_finding(result.path, f) for f in result.own],
        result.partial,
    ]


def _decode(path: str, data: list[Any]) -> FileResult:
    code, code_at, agencies, disabled, always, own, partial = data
    line, column = code_at
    return FileResult(
        path,
        None if code is None else _str(code),
        (_int(line), _int(column)),
        bool(agencies),
        frozenset(_str(c) for c in disabled),
        tuple(_decode_finding(path, row) for row in always),
        tuple(_decode_finding(path, row) for row in own),
        None if partial is None else _str(partial),
    )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not an integer")
    return value
