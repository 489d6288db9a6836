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
