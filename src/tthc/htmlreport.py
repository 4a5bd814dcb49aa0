"""A report as one self-contained HTML file (báo cáo HTML): tables and inline SVG charts.

Written from a :class:`~tthc.tabular.Document` with the Jinja2 template
``templates/report.html`` (autoescaped). The file fetches nothing: the style sheet is in the
page, charts are inline SVG (:mod:`tthc.svgchart`), there is no script, and a
Content-Security-Policy says so to the browser. Numbers have a decimal comma in Vietnamese
and days read dd/mm/yyyy (ISO in English); each chart has its figures in a table under it.
Jinja2 comes with the ``html`` extra (``pip install 'tthc[html]'``).
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.display import display_date, display_month, display_number
from tthc.i18n import Lang, Text
from tthc.tabular import Cell, Column, Document, Table, import_extra

if TYPE_CHECKING:
    import jinja2

__all__ = ["cell_text", "environment", "render_html"]


@functools.cache
def environment(package: str = "tthc") -> jinja2.Environment:
    """The Jinja2 environment of the templates of ``package`` (its ``templates`` folder:
    the reports', or the staff page's with ``"tthc.serve"``): autoescaped, undefined names
    are errors, compiled once."""
    import_extra("jinja2", "html", "html")
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def cell_text(value: Cell, column: Column, lang: Lang, not_applicable: str = "-") -> str:
    """A cell for people: counts as they are, decimals at two places (decimal comma in
    Vietnamese), days dd/mm/yyyy (Vietnamese) or ISO, ``not_applicable`` for ``None``."""
    if value is None:
        return not_applicable
    if isinstance(value, datetime):
        return f"{display_date(value.date(), lang)} {value:%H:%M}"
    if isinstance(value, date):
        if column.kind == "month":
            return display_month(f"{value:%Y-%m}", lang)
        return display_date(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return display_number(value, lang)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "." if lang == "vi" else ",")
    return value


def _chart(table: Table, lang: Lang, index: int) -> str:
    from tthc.svgchart import Series, bars_with_target, stacked_bars

    chart = table.chart
    if chart is None or not table.rows:
        return ""
    labels = [cell_text(row[chart.label], table.columns[chart.label], lang) for row in table.rows]

    def numbers(col: int) -> list[Decimal | None]:
        return [None if row[col] is None else Decimal(str(row[col])) for row in table.rows]

    chart_id = f"chart-{index}-{table.key}"
    if chart.kind == "stacked":
        series = [
            Series(table.columns[col].title, numbers(col), color)
            for col, color in zip(chart.series, chart.colors, strict=True)
        ]
        if chart.percent:
            return stacked_bars(chart_id, chart.title, chart.description, labels, series, lang)
        totals = [
            sum((v or 0 for v in s_values), Decimal(0))
            for s_values in zip(*(s.values for s in series), strict=True)
        ]
        most = max([Decimal(1), *totals])
        scale = Decimal(-(-most // 4) * 4)  # whole-number ticks at quarters
        return stacked_bars(
            chart_id, chart.title, chart.description, labels, series, lang, unit="", scale=scale
        )
    col = chart.series[0]
    return bars_with_target(
        chart_id,
        chart.title,
        chart.description,
        labels,
        numbers(col),
        lang,
        name=table.columns[col].title,
        target=chart.target,
        target_name=chart.target_name,
        short_name=chart.short_name,
    )


def render_html(document: Document) -> str:
    """The whole page as text (UTF-8 when written)."""
    from markupsafe import Markup

    lang = document.lang
    tables: list[dict[str, Any]] = []
    for index, table in enumerate(document.tables):
        numeric = [c.kind in ("count", "percent", "number") for c in table.columns]
        tables.append(
            {
                "key": table.key,
                "title": table.title,
                "columns": table.columns,
                "numeric": numeric,
                "rows": [
                    [
                        cell_text(value, column, lang, document.not_applicable)
                        for value, column in zip(row, table.columns, strict=True)
                    ]
                    for row in table.rows
                ],
                "chart": Markup(_chart(table, lang, index)),
                "notes": table.notes,
            }
        )
    template = environment().get_template("report.html")
    return template.render(
        lang=lang,
        title=document.title,
        intro=document.intro,
        tables=tables,
        contents=Text("Mục lục", "Contents")(lang),
        empty=Text("Không có dòng nào.", "No rows.")(lang),
    )
