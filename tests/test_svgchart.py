"""tthc.svgchart: bar charts that are valid SVG, deterministic, escaped and accessible."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tthc.svgchart import PALETTE, Series, bars_with_target, stacked_bars

NS = {"svg": "http://www.w3.org/2000/svg"}


def _stacked(labels: list[str], lang: str = "vi") -> str:
    series = [
        Series("Trước hạn", [Decimal("10.5")] * len(labels), PALETTE["early"]),
        Series("Đúng hạn", [Decimal("80")] * len(labels), PALETTE["on_time"]),
        Series("Trễ hạn", [Decimal("9.5")] * len(labels), PALETTE["late"]),
    ]
    return stacked_bars("c1", "Tỷ lệ", "Mô tả", labels, series, lang)  # type: ignore[arg-type]


def test_stacked_bars_are_valid_svg_with_title_and_description() -> None:
    svg = ET.fromstring(_stacked(["01/2026", "02/2026"]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-t c1-d"
    assert svg.find("svg:title", NS).text == "Tỷ lệ"  # type: ignore[union-attr]
    assert svg.find("svg:desc", NS).text == "Mô tả"  # type: ignore[union-attr]
    rects = svg.findall(".//svg:g[@class='bars']/svg:rect", NS)
    assert len(rects) == 6
    # each segment says its value, with a decimal comma in Vietnamese
    tips = [r.find("svg:title", NS).text for r in rects]  # type: ignore[union-attr]
    assert tips[0] == "01/2026: Trước hạn 10,50%"


def test_stacked_shares_fill_the_axis_exactly() -> None:
    svg = ET.fromstring(_stacked(["a"]))
    rects = svg.findall(".//svg:g[@class='bars']/svg:rect", NS)
    start = float(rects[0].get("x"))  # type: ignore[arg-type]
    end = float(rects[-1].get("x")) + float(rects[-1].get("width"))  # type: ignore[arg-type]
    axis = [float(x.get("x1")) for x in svg.findall(".//svg:g[@class='axis']/svg:line", NS)]  # type: ignore[arg-type]
    assert abs(start - axis[0]) < 0.01 and abs(end - axis[-1]) < 0.02


def test_english_axis_uses_a_decimal_point() -> None:
    svg = _stacked(["a"], "en")
    assert "Early" not in svg  # names are the caller's
    assert ">25%<" in svg
    text = stacked_bars("c", "t", "d", ["a"], [Series("x", [Decimal("12.5")], "#000000")], "en")
    assert "a: x 12.50%" in text


def test_hostile_labels_are_escaped_and_long_ones_shortened() -> None:
    label = '<script>alert(1)</script>&"' + "x" * 80
    svg = _stacked([label])
    ET.fromstring(svg)  # still well-formed
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "…" in svg  # shortened on the axis, whole in the tooltip


def test_output_is_deterministic() -> None:
    assert _stacked(["a", "b"]) == _stacked(["a", "b"])


def test_bars_with_target_colour_by_target_and_draw_the_line() -> None:
    svg = ET.fromstring(
        bars_with_target(
            "t1",
            "Cut",
            "d",
            ["A", "B", "C"],
            [Decimal(60), Decimal(20), None],
            "en",
            name="Average cut (%)",
            target=Decimal(50),
            target_name="Target",
            short_name="Short",
        )
    )
    rects = svg.findall(".//svg:g[@class='bars']/svg:rect", NS)
    assert [r.get("fill") for r in rects] == [PALETTE["bar"], PALETTE["missed"]]
    line = svg.find(".//svg:line[@class='target']", NS)
    assert line is not None
    axis = [float(x.get("x1")) for x in svg.findall(".//svg:g[@class='axis']/svg:line", NS)]  # type: ignore[arg-type]
    middle = (axis[0] + axis[-1]) / 2
    assert abs(float(line.get("x1")) - middle) < 0.01  # type: ignore[arg-type]


@given(
    st.lists(
        st.tuples(
            st.text(max_size=50),
            st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_any_labels_and_values_give_well_formed_svg(rows: list[tuple[str, Decimal]]) -> None:
    labels = [label for label, _ in rows]
    values: list[Decimal | None] = [value for _, value in rows]
    # control characters (not allowed in XML) are dropped, everything else escaped
    ET.fromstring(bars_with_target("h", "t", "d", labels, values, "vi", name="n"))
    series = [Series("s", values, "#000000")]
    ET.fromstring(stacked_bars("h", "t", "d", labels, series, "vi", scale=Decimal(100)))
