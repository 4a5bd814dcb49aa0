"""``tthc explain CODE``: what a validation rule checks and how to fix what it finds."""

from __future__ import annotations

import argparse
import sys

from tthc.cli import (
    EXIT_OK,
    EXIT_USAGE,
    add_lang_option,
    add_province_option,
    chosen_lang,
    rules_of,
)
from tthc.i18n import Text

COMMAND = "explain"
HELP = "giải thích một quy tắc kiểm tra / explain a validation rule (e.g. TT101)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "code", nargs="?", metavar="CODE", help="mã quy tắc / rule code, e.g. TT101"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="liệt kê mọi quy tắc / list every rule")
    group.add_argument(
        "--markdown",
        action="store_true",
        help="trang tham chiếu Markdown / the Markdown reference page (docs/validation-rules.md)",
    )
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tthc.validation import rules_markdown, suggest_codes

    lang = chosen_lang(args)  # None: both languages
    jurisdiction = rules_of(args)
    rules = jurisdiction.validation_rules()
    out = sys.stdout
    if args.markdown:
        out.write(rules_markdown(rules, lang or "en"))
        return EXIT_OK
    if args.list or not args.code:
        if not args.list:
            needed = Text("cần một mã quy tắc (hoặc --list)", "a rule code is needed (or --list)")
            said = needed(lang) if lang else f"{needed.vi} / {needed.en}"
            print(f"tthc explain: {said}", file=sys.stderr)
        for _, rule in rules:
            title = rule.title(lang) if lang else f"{rule.title.en} / {rule.title.vi}"
            severity = rule.severity.label(lang) if lang else rule.severity.value
            out.write(f"{rule.code}  {severity:<8}  {title}\n")
        return EXIT_OK if args.list else EXIT_USAGE
    code = args.code.strip().upper()
    by_code = {rule.code: (plugin, rule) for plugin, rule in rules}
    if code not in by_code:
        elsewhere = jurisdiction.rule_codes_elsewhere().get(code)
        if elsewhere is not None:
            # Defined by an installed province plugin that is not selected.
            name, province = elsewhere.name, elsewhere.province
            where = Text(
                f"tthc explain: {code} là quy tắc của plugin '{name}' (tỉnh {province}): "
                f"dùng --province {province}",
                f"tthc explain: {code} is defined by the plugin '{name}' (province {province}): "
                f"use --province {province}",
            )
            for one in (lang,) if lang else ("en", "vi"):
                print(where(one), file=sys.stderr)
            return EXIT_USAGE
        close = suggest_codes(code, by_code)
        more_vi = f" Có phải: {', '.join(close)}?" if close else ""
        more_en = f" Did you mean: {', '.join(close)}?" if close else ""
        message = {
            "vi": f"tthc explain: không có quy tắc '{args.code}'.{more_vi} "
            "Xem danh sách: tthc explain --list",
            "en": f"tthc explain: no rule '{args.code}'.{more_en} "
            "See the list: tthc explain --list",
        }
        if lang:
            print(message[lang], file=sys.stderr)
        else:
            print(message["en"], file=sys.stderr)
            print(message["vi"], file=sys.stderr)
        return EXIT_USAGE
    plugin, rule = by_code[code]
    for one in (lang,) if lang else ("en", "vi"):
        out.write(f"{rule.code} ({rule.severity.label(one)}, {plugin}): {rule.title(one)}\n\n")
        out.write(rule.explanation(one) + "\n")
        if not lang and one == "en":
            out.write("\n")
    return EXIT_OK
