"""Bar charts as inline SVG (biểu đồ SVG) for the HTML reports and the staff page.

Horizontal bars, one row per group (a month, an agency, a field): either stacked shares
(early / on time / late, which add up to 100 %) or one bar per row against a target line.
The SVG is meant to be inlined in an HTML page: no script, no style sheet, no font or
image to fetch, nothing random (the same report gives the same bytes), and readable
without colour: each segment carries its value in a ``<title>`` (shown on hover and read
by screen readers), the chart has ``role="img"`` with a title and a description, and the
page shows the same figures in a table beside it.

Why not a charting library: matplotlib writes SVG but is a heavy install for a report; pygal
puts a random id, the date and a ``<script>`` into every chart (and fetches its tooltips
from the network unless told not to); leather has no stacked bars and no legend.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from tthc.display import display_number
from tthc.i18n import Lang

__all__ = ["PALETTE", "Series", "bars_with_target", "stacked_bars"]

#: Colours that stay apart for readers with colour-blindness (Okabe and Ito) and keep a
#: contrast of at least 3:1 against white (WCAG 1.4.11, graphical objects).
PALETTE = {
    "early": "#0072B2",  # blue
    "on_time": "#009E73",  # bluish green
    "late": "#C0392B",  # red
    "other": "#6B6B6B",  # grey
    "missed": "#B35900",  # dark orange
    "bar": "#0072B2",
}

_WIDTH = 720
_ROW = 30
_BAR = 18
_TOP = 34  # legend
_AXIS = 30
_FONT = 13
_TEXT = "#1A1A1A"
_GRID = "#8C8C8C"
_CHAR = 7.2  # mean advance of a 13 px sans-serif letter, for the label column
_MAX_LABEL = 34  # characters shown before an ellipsis (the full label is in a <title>)


@dataclass(frozen=True)
class Series:
    """One coloured part of every bar: its name (for the legend) and a value per row."""

    name: str
    values: Sequence[Decimal | None]
    color: str


#: Characters XML 1.0 cannot carry (control characters, surrogates, U+FFFE/U+FFFF): a label
#: from a dossier file may hold them, and one would make the whole page unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(text: str) -> str:
    """``text`` escaped for SVG inside HTML, without characters XML cannot carry."""
    return escape(_NOT_XML.sub("", text))


def _x(value: float) -> str:
    """A coordinate with at most two decimals, without a trailing ``.0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _short(label: str) -> str:
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1] + "…"


def _label_width(labels: Sequence[str]) -> float:
    longest = max((len(_short(label)) for label in labels), default=4)
    return min(max(longest * _CHAR + 12, 60), 280)


def _open(chart_id: str, title: str, description: str, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_esc(chart_id)}" '
        f'viewBox="0 0 {_WIDTH} {_x(height)}" width="{_WIDTH}" height="{_x(height)}" '
        f'role="img" aria-labelledby="{_esc(chart_id)}-t {_esc(chart_id)}-d" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\" "
        f'font-size="{_FONT}">',
        f'<title id="{_esc(chart_id)}-t">{_esc(title)}</title>',
        f'<desc id="{_esc(chart_id)}-d">{_esc(description)}</desc>',
        f'<rect width="{_WIDTH}" height="{_x(height)}" fill="#FFFFFF"/>',
    ]


def _legend(entries: Sequence[tuple[str, str, str]]) -> list[str]:
    """Legend items ``(name, colour, dash)`` in a row at the top; a dash draws a line."""
    out = ['<g class="legend">']
    x = 8.0
    for name, color, dash in entries:
        if dash:
            out.append(
                f'<line x1="{_x(x)}" y1="13" x2="{_x(x + 14)}" y2="13" stroke="{color}" '
                f'stroke-width="2" stroke-dasharray="{dash}"/>'
            )
        else:
            out.append(f'<rect x="{_x(x)}" y="6" width="14" height="14" fill="{color}"/>')
        out.append(f'<text x="{_x(x + 20)}" y="18" fill="{_TEXT}">{_esc(name)}</text>')
        x += 20 + len(name) * _CHAR + 18
    out.append("</g>")
    return out


def _axis(
    left: float, right: float, bottom: float, top: float, scale: float, lang: Lang, unit: str
) -> list[str]:
    out = ['<g class="axis">']
    for i in range(5):
        value = Decimal(scale) * i / 4
        x = left + (right - left) * i / 4
        out.append(
            f'<line x1="{_x(x)}" y1="{_x(top)}" x2="{_x(x)}" y2="{_x(bottom)}" '
            f'stroke="{_GRID}" stroke-width="{1 if i == 0 else 0.5}"/>'
        )
        shown = display_number(value, lang).removesuffix(",00").removesuffix(".00")
        out.append(
            f'<text x="{_x(x)}" y="{_x(bottom + 18)}" text-anchor="middle" '
            f'fill="{_TEXT}">{_esc(shown + unit)}</text>'
        )
    out.append("</g>")
    return out


def _row_label(label: str, y: float, width: float) -> str:
    shown = _short(label)
    tip = f"<title>{_esc(label)}</title>" if shown != label else ""
    return (
        f'<text x="{_x(width - 8)}" y="{_x(y + _BAR / 2 + 4.5)}" text-anchor="end" '
        f'fill="{_TEXT}">{tip}{_esc(shown)}</text>'
    )


def stacked_bars(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    lang: Lang,
    *,
    unit: str = "%",
    scale: Decimal = Decimal(100),
) -> str:
    """One horizontal bar per label, its parts stacked in the order of ``series``.

    ``None`` counts as zero (a group with nothing to rate draws an empty row).
    """
    left = _label_width(labels)
    right = _WIDTH - 24
    height = _TOP + len(labels) * _ROW + _AXIS
    bottom = _TOP + len(labels) * _ROW
    out = _open(chart_id, title, description, height)
    out += _legend([(s.name, s.color, "") for s in series])
    span = float(scale) or 1.0
    out.append('<g class="bars">')
    for row, label in enumerate(labels):
        y = _TOP + row * _ROW + (_ROW - _BAR) / 2
        out.append(_row_label(label, y, left))
        x = left
        for s in series:
            value = s.values[row]
            if not value:
                continue
            w = (right - left) * float(value) / span
            tip = f"{label}: {s.name} {display_number(value, lang)}{unit}"
            out.append(
                f'<rect x="{_x(x)}" y="{_x(y)}" width="{_x(w)}" height="{_BAR}" '
                f'fill="{s.color}"><title>{_esc(tip)}</title></rect>'
            )
            x += w
    out.append("</g>")
    out += _axis(left, right, bottom, _TOP - 4, float(scale), lang, unit)
    out.append("</svg>")
    return "\n".join(out)


def bars_with_target(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[Decimal | None],
    lang: Lang,
    *,
    name: str,
    target: Decimal | None = None,
    target_name: str = "",
    short_name: str = "",
    unit: str = "%",
) -> str:
    """One horizontal bar per label and a dashed vertical line at ``target``.

    Bars that reach the target are blue (legend: ``name``), those short of it dark orange
    (legend: ``short_name``); a row with no value
    has no bar. The scale runs to 100 or to the largest value, whichever is larger; a
    negative value (a time made longer) draws no bar and is shown in its tooltip label.
    """
    left = _label_width(labels)
    right = _WIDTH - 24
    bottom = _TOP + len(labels) * _ROW
    height = bottom + _AXIS
    known = [float(v) for v in values if v is not None]
    scale = max([100.0, *known, float(target or 0)])
    out = _open(chart_id, title, description, height)
    legend = [(name, PALETTE["bar"], "")]
    if target is not None and short_name:
        legend.append((short_name, PALETTE["missed"], ""))
    if target is not None:
        legend.append((f"{target_name} {display_number(target, lang)}{unit}", _TEXT, "6 3"))
    out += _legend(legend)
    out.append('<g class="bars">')
    for row, label in enumerate(labels):
        y = _TOP + row * _ROW + (_ROW - _BAR) / 2
        out.append(_row_label(label, y, left))
        value = values[row]
        if value is None:
            continue
        color = PALETTE["bar"] if target is None or value >= target else PALETTE["missed"]
        w = (right - left) * max(float(value), 0.0) / scale
        shown = display_number(value, lang) + unit
        out.append(
            f'<rect x="{_x(left)}" y="{_x(y)}" width="{_x(w)}" height="{_BAR}" '
            f'fill="{color}"><title>{_esc(f"{label}: {shown}")}</title></rect>'
        )
    out.append("</g>")
    out += _axis(left, right, bottom, _TOP - 4, scale, lang, unit)
    if target is not None:
        x = left + (right - left) * float(target) / scale
        out.append(
            f'<line class="target" x1="{_x(x)}" y1="{_TOP - 4}" x2="{_x(x)}" '
            f'y2="{_x(bottom)}" stroke="{_TEXT}" stroke-width="2" stroke-dasharray="6 3"/>'
        )
    out.append("</svg>")
    return "\n".join(out)
