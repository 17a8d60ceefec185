"""The annual report's charts, drawn on the server as SVG (pygal), without JavaScript.

Each chart is the picture of a table the page shows beside it, so nothing is only in the
picture. A figure that is not shown (a small count of confidential cases) is left out
of the chart too. The SVG carries no script: pygal's tooltip configuration is removed."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from cases.year.report import SHARE_FROM, Report

FONT = "Arial, Helvetica, sans-serif"  # the service's own font stack, not GDS Transport
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#00703c", "#d4351c", "#f47738", "#505a5f"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    value_label_font_size=14,
    title_font_size=18,
    legend_font_size=14,
)


@dataclass
class Chart:
    name: str
    title: str
    rows: list[tuple[str, float | None]]  # (label, value or None when not shown)
    unit: str = ""

    @property
    def alt(self) -> str:
        return _("Bar chart: %(title)s. The figures are in the table beside it.") % {
            "title": self.title
        }


def _script_free(svg: str) -> str:
    return re.sub(r"<script\b.*?</script>", "", svg, flags=re.DOTALL)


def render(chart: Chart) -> str:
    """The chart as an SVG document."""
    bar = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        print_zeroes=True,
        width=640,
        height=max(160, 60 + 48 * len(chart.rows)),
        margin=12,
        truncate_label=-1,
        no_data_text=_("Nothing to show"),
        value_formatter=lambda v: f"{v:g}{chart.unit}",
        show_y_guides=False,
    )
    values = [value for _, value in chart.rows if value is not None]
    if chart.unit == "%":
        bar.y_labels = list(range(0, 101, 20))
    elif values and all(float(v).is_integer() for v in values):
        # Whole numbers: ticks at whole numbers, about five of them.
        top = max(int(max(values)), 1)
        step = max(1, math.ceil(top / 5))
        bar.y_labels = list(range(0, top + step, step))
    bar.title = chart.title
    # pygal draws the first label at the bottom; reversed, the chart reads like the table.
    rows = list(reversed(chart.rows))
    bar.x_labels = [label for label, _ in rows]
    bar.add(chart.title, [value for _, value in rows])
    return _script_free(bar.render(is_unicode=True))


def charts(report: Report) -> dict[str, Chart]:
    d = report.disputes
    found = {
        "signatories": Chart(
            "signatories",
            _("Signatories who joined, renewed and left"),
            [
                (_("Joined"), len(report.joined)),
                (_("Renewed"), len(report.renewed)),
                (_("Left"), len(report.left)),
            ],
        ),
        "disputes": Chart(
            "disputes",
            _("Disputes raised, by the furthest stage reached"),
            [(str(label), count.shown) for label, count in d["reached"].items()],
        ),
        "stages": Chart(
            "stages",
            _("Stages finished within their time limit (%)"),
            [
                (
                    str(row.label),
                    None
                    if row.ended.value < SHARE_FROM
                    else round(100 * row.within.value / row.ended.value, -1),
                )
                for row in report.stages
            ],
            unit="%",
        ),
        "actions": Chart(
            "actions",
            _("The action plan, by status now"),
            [(str(label), value) for label, value in report.actions.items()],
        ),
    }
    return found
