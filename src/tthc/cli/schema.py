"""``tthc schema``: the JSON Schemas of catalog files, for editors and other tools.

``tthc schema`` prints the schema of a procedure file (``--kind fields`` or ``agencies``:
of a registry); ``tthc schema --write DIR`` writes all three into ``DIR`` (the folder a
catalog-only repository commits next to its catalog). Editors that speak the YAML language
server read a schema from a first-line comment, relative to the YAML file::

    # yaml-language-server: $schema=../schema/procedure.schema.json

The same schemas ship in the package as ``tthc/schema/*.schema.json``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tthc.cli import EXIT_OK, add_lang_option, json_text, lang_of, write_atomically
from tthc.i18n import Text

COMMAND = "schema"
HELP = "JSON Schema của tệp danh mục / JSON Schemas of catalog files (for editors)"

SCHEMA_ID = "urn:tthc:schema:procedure"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

KINDS = ("procedure", "fields", "agencies")
"""What a schema describes: a procedure file, ``fields.yaml`` or ``agencies.yaml``."""


def file_name(kind: str) -> str:
    """The file a schema is written to: ``procedure.schema.json``, ``fields.schema.json``..."""
    return f"{kind}.schema.json"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        choices=KINDS,
        default="procedure",
        help="tệp nào / which file: procedure | fields | agencies (default: procedure)",
    )
    parser.add_argument(
        "--write",
        metavar="DIR",
        default=None,
        help="ghi cả ba schema vào DIR / write the three schemas into DIR "
        "(procedure, fields, agencies .schema.json)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def procedure_schema() -> dict[str, Any]:
    """The JSON Schema of one procedure file, from :class:`tthc.model.Procedure`."""
    from tthc.model import Procedure

    schema = Procedure.model_json_schema()
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        **schema,
        "title": "tthc procedure (thủ tục hành chính)",
    }


def registry_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``fields.yaml`` (lĩnh vực) or ``agencies.yaml`` (cơ quan): a list
    of entries, from :class:`tthc.catalog.RegistryEntry`."""
    from tthc.catalog import RegistryEntry

    entry = RegistryEntry.model_json_schema()
    defs = entry.pop("$defs", {})
    defs["RegistryEntry"] = entry
    entries = {"type": "array", "items": {"$ref": "#/$defs/RegistryEntry"}}
    what = "fields (lĩnh vực)" if kind == "fields" else "agencies (cơ quan thực hiện)"
    return {
        "$schema": DIALECT,
        "$id": f"urn:tthc:schema:{kind}",
        "title": f"tthc {what}",
        # the list itself, or under one key named as the file (``agencies: [...]``)
        "anyOf": [
            entries,
            {
                "type": "object",
                "properties": {kind: entries},
                "required": [kind],
                "additionalProperties": False,
            },
        ],
        "$defs": defs,
    }


def schema_text(kind: str = "procedure") -> str:
    """A schema as ``tthc schema`` prints it (stable key order, UTF-8, final newline)."""
    if kind == "procedure":
        return json_text(procedure_schema())
    return json_text(registry_schema(kind))


def run(args: argparse.Namespace) -> int:
    if args.write is None:
        sys.stdout.write(schema_text(args.kind))
        return EXIT_OK
    folder = Path(args.write)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)  # an OSError here is reported by main()
    lang = lang_of(args)
    for kind in KINDS:
        target = folder / file_name(kind)
        write_atomically(target, schema_text(kind))
        print(Text(f"đã ghi {target}", f"wrote {target}")(lang))
    return EXIT_OK
