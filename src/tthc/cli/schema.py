"""``tthc schema``: the JSON Schema of a procedure file, for editors and other tools.

Editors that speak the YAML language server read it from a first-line comment::

    # yaml-language-server: $schema=procedure.schema.json

The same schema ships in the package as ``tthc/schema/procedure.schema.json``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tthc.cli import EXIT_OK, json_text

COMMAND = "schema"
HELP = "JSON Schema của tệp thủ tục / JSON Schema of a procedure file (for editors)"

SCHEMA_ID = "urn:tthc:schema:procedure"


def register(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(run=run)


def procedure_schema() -> dict[str, Any]:
    """The JSON Schema of one procedure file, from :class:`tthc.model.Procedure`."""
    from tthc.model import Procedure

    schema = Procedure.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "tthc procedure (thủ tục hành chính)",
    }


def schema_text() -> str:
    """The schema as printed by ``tthc schema`` (stable key order, UTF-8, final newline)."""
    return json_text(procedure_schema())


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return EXIT_OK
