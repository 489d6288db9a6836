"""Server-rendered SVG charts: no script and no inline style (the CSP allows neither)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class LevelChart:
    """A growth chart of mastery levels over time, laid out for `components/growth_chart.html`."""

    width: int
    height: int
    points: list[ChartPoint]
    gridlines: list[tuple[float, str]]  # (y, level label)
    threshold_y: float
    polyline: str


def level_chart(
    points: Sequence[tuple[dt.datetime, float]],
    *,
    levels: Sequence[tuple[int, str]],
    threshold: float,
    width: int = 560,
    height: int = 220,
) -> LevelChart:
    left, right, top, bottom = 96, 16, 12, 28
    low, high = min(v for v, _ in levels), max(v for v, _ in levels)

    def y_of(level: float) -> float:
        return round(top + (high - level) / (high - low) * (height - top - bottom), 1)

    start = points[0][0] if points else dt.datetime.min
    span = max((points[-1][0] - start).total_seconds(), 1.0) if points else 1.0
    chart_points = [
        ChartPoint(
            round(left + ((at - start).total_seconds() / span) * (width - left - right), 1)
            if len(points) > 1
            else left + (width - left - right) / 2,
            y_of(level),
            f"{at:%Y-%m-%d}: {level:.1f}",
        )
        for at, level in points
    ]
    return LevelChart(
        width=width,
        height=height,
        points=chart_points,
        gridlines=[(y_of(value), f"{value} {label}") for value, label in levels],
        threshold_y=y_of(threshold),
        polyline=" ".join(f"{p.x},{p.y}" for p in chart_points),
    )


@dataclass(frozen=True)
class BarSegment:
    x: float
    width: float
    kind: str  # a CSS class suffix: the colour and hatching of the segment
    count: int
    text_x: float


@dataclass(frozen=True)
class BarRow:
    label: str
    label_y: float
    bar_y: float
    text_y: float
    segments: list[BarSegment]
    total: int


@dataclass(frozen=True)
class BarChart:
    """Horizontal stacked bars, one per row, each row's label above its bar (so it fits a phone), every
    segment with its count written in it; laid out for `components/bar_chart.html`."""

    width: int
    height: int
    bar_height: int
    rows: list[BarRow]


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]], *, width: int = 320, bar_height: int = 22
) -> BarChart:
    """`rows` are (label, [(kind, count), ...]); bars share one scale (the largest row fills the width)."""
    label_height, gap = 18, 12
    largest = max((sum(count for _kind, count in parts) for _label, parts in rows), default=0) or 1
    laid_out = []
    y = 0.0
    for label, parts in rows:
        x = 0.0
        segments = []
        for kind, count in parts:
            if count <= 0:
                continue
            span = round(count / largest * (width - 2), 1)
            segments.append(BarSegment(x, span, kind, count, round(x + span / 2, 1)))
            x += span
        laid_out.append(
            BarRow(
                label,
                y + label_height - 4,
                y + label_height,
                y + label_height + bar_height / 2 + 5,
                segments,
                sum(count for _kind, count in parts),
            )
        )
        y += label_height + bar_height + gap
    return BarChart(width=width, height=max(int(y), 1), bar_height=bar_height, rows=laid_out)
