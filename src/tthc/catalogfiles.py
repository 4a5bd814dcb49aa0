"""Finding a catalog's files (tìm các tệp của danh mục): the folders and procedure files
that catalog paths name, without reading them, and what among them must not be read (a
symbolic link out of the catalog, a folder named like a YAML file).

Apart from :mod:`tthc.catalog` (and pydantic) so that ``tthc validate`` finds its files, and
answers from its cache, without loading the models.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from tthc.errors import CatalogError
from tthc.findings import Finding, Severity
from tthc.i18n import Text

__all__ = ["AGENCIES_FILE", "FIELDS_FILE", "PROCEDURES_DIR", "catalog_files", "refused"]

FIELDS_FILE = "fields.yaml"
AGENCIES_FILE = "agencies.yaml"
PROCEDURES_DIR = "procedures"
_SUFFIXES = (".yaml", ".yml")
_LOADER = "tthc"


def catalog_files(
    paths: str | Path | Sequence[str | Path],
) -> tuple[list[Path], list[Path], list[Finding]]:
    """The catalog folders, the procedure files (each once, in load order) of ``paths``
    (catalog folders, ``procedures/`` folders or procedure files), and the findings about
    what cannot be read safely (:func:`refused`).

    Raises :class:`~tthc.errors.CatalogError` for a path that does not exist, or when
    there is no YAML file at all and nothing to say about one.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    roots: list[Path] = []
    files: list[Path] = []
    problems: list[Finding] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise CatalogError(
                Text(f"{path}: không có tệp hay thư mục này", f"{path}: no such file or folder")
            )
        root, found = _discover(path, problems)
        if root not in roots:
            roots.append(root)
        files.extend(found)
    if not files and not problems:
        shown = ", ".join(str(p) for p in paths)
        raise CatalogError(
            Text(
                f"{shown}: không tìm thấy tệp thủ tục (.yaml) nào",
                f"{shown}: no procedure file (.yaml) found",
            )
        )
    seen: set[str] = set()
    unique: list[Path] = []
    for file in files:
        resolved = os.path.abspath(file)
        if resolved not in seen:
            seen.add(resolved)
            unique.append(file)
    return roots, unique, problems


def _discover(path: Path, problems: list[Finding]) -> tuple[Path, list[Path]]:
    """The catalog folder for ``path`` and the procedure files under it.

    What cannot be read safely goes to ``problems`` instead (:func:`refused`).
    """
    if not path.is_dir():
        parent = path.parent
        root = parent.parent if parent.name == PROCEDURES_DIR else parent
        refusal = refused(root, str(path), named=True)
        if refusal is not None:
            problems.append(refusal)
            return root, []
        return root, [path]
    procedures = path / PROCEDURES_DIR
    if procedures.is_dir() and not procedures.is_symlink():
        return path, _yaml_files(procedures, path, problems)
    root = path.parent if path.name == PROCEDURES_DIR else path
    files = [
        p for p in _yaml_files(path, root, problems) if p.name not in (FIELDS_FILE, AGENCIES_FILE)
    ]
    return root, files


def _yaml_files(folder: Path, root: Path, problems: list[Finding]) -> list[Path]:
    """YAML files under ``folder``, in path order; hidden files and folders are skipped.

    A folder that cannot be listed, a folder named like a YAML file, and a symbolic link
    that leads out of ``root`` (or to a folder) are findings in ``problems``, never
    skipped silently and never followed out of the catalog.
    """
    found: list[str] = []

    def unreadable(error: OSError) -> None:
        problems.append(_file_finding(str(error.filename or folder), _CANNOT_LIST, error))

    for here, folders, names in os.walk(folder, onerror=unreadable):
        kept = []
        for name in folders:
            if name.startswith("."):
                continue
            full = os.path.join(here, name)
            if os.path.islink(full):
                refusal = refused(root, full)
                problems.append(refusal or _file_finding(full, _LINKED_FOLDER))
            elif name.lower().endswith(_SUFFIXES):
                problems.append(_file_finding(full, _NOT_A_FILE))
            else:
                kept.append(name)
        folders[:] = kept
        for name in names:
            # 2.000815.YAML from a Windows editor is a procedure file too, not silently skipped
            if not name.lower().endswith(_SUFFIXES) or name.startswith("."):
                continue
            full = os.path.join(here, name)
            refusal = refused(root, full)
            if refusal is not None:
                problems.append(refusal)
            else:
                found.append(full)
    found.sort()
    return [Path(name) for name in found]


_CANNOT_LIST = Text("không đọc được thư mục", "cannot list the folder")
_NOT_A_FILE = Text(
    "không phải tệp thông thường (một thư mục, thiết bị hay ống dẫn mang tên tệp YAML)",
    "not a regular file (a folder, device or pipe named like a YAML file)",
)
_LINKED_FOLDER = Text(
    "là liên kết tượng trưng tới một thư mục; tthc không đi theo liên kết tới thư mục: hãy "
    "đặt tệp vào danh mục",
    "is a symbolic link to a folder; tthc does not follow links to folders: put the files "
    "in the catalog",
)
_LINK_OUT = Text(
    "là liên kết tượng trưng trỏ ra ngoài thư mục danh mục (hoặc không trỏ tới đâu); tthc "
    "không đọc nó, để nội dung ngoài danh mục không lọt vào thông báo",
    "is a symbolic link that leads out of the catalog folder (or nowhere); tthc does not "
    "read it, so that nothing outside the catalog can end up in a message",
)


def _file_finding(path: str, what: Text, error: OSError | None = None) -> Finding:
    reason = f" ({error.strerror})" if error is not None and error.strerror else ""
    return Finding(
        rule="TT100",
        severity=Severity.ERROR,
        path=path,
        line=1,
        column=1,
        message=Text(what.vi + reason, what.en + reason),
        plugin=_LOADER,
    )


def refused(root: Path, path: str, *, named: bool = False) -> Finding | None:
    """Why ``path`` is not read, or ``None`` when it may be.

    A symbolic link is read only when it resolves to a regular file inside ``root``; the
    finding names the link, never its target (a link to a credentials file would
    otherwise put part of it into a CI annotation). A path that is not a regular file is
    refused too, except a pipe or device named on the command line (``named``), whose
    read then fails with its own message.
    """
    if os.path.islink(path):
        target = os.path.realpath(path)
        inside = os.path.realpath(root)
        if os.path.commonpath([target, inside]) != inside or not os.path.isfile(target):
            return _file_finding(path, _LINK_OUT)
        return None
    if not named and os.path.lexists(path) and not os.path.isfile(path):
        return _file_finding(path, _NOT_A_FILE)
    return None
