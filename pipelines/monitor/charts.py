"""Charts of the HTML report as inline SVG: no script, no library, nothing to fetch.

    unit, starts = time_bins(date(2021, 3, 1), date(2025, 8, 31))    # "month", [2021-03-01, ...]
    svg = stacked_bars(starts, unit, [("Elm və Təhsil Nazirliyi", counts), ...])
    svg = event_timeline(rows, start, end)

The time axis is binned to fit the period: days up to 45 days, weeks (Mondays) up to 30
weeks, months beyond. Series take colours from PALETTE in order (20 colours of high mutual
contrast, after Kelly's list; grey is kept for "other"), so no two series share one.
Each bar and marker carries a <title>, which browsers show on hover.
"""
from __future__ import annotations

import datetime as _dt
import html
import math

PALETTE = ("#0067A5", "#F38400", "#008856", "#BE0032", "#875692", "#F3C300", "#A1CAF1", "#882D17", "#8DB600",
           "#E68FAC", "#2B3D26", "#F99379", "#604E97", "#F6A600", "#B3446C", "#DCD300", "#654522", "#E25822",
           "#C2B280", "#1D1D1D")
OTHER = "#9A9A9A"
EVENT_STYLE = {"appointed": "#1F8A3B", "dismissed": "#C0392B"}
UNITS = ("day", "week", "month")


def _e(v) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def bin_start(d: _dt.date, unit: str) -> _dt.date:
    if unit == "day":
        return d
    if unit == "week":
        return d - _dt.timedelta(days=d.weekday())
    return d.replace(day=1)


def _next(d: _dt.date, unit: str) -> _dt.date:
    if unit == "day":
        return d + _dt.timedelta(days=1)
    if unit == "week":
        return d + _dt.timedelta(days=7)
    return (d.replace(day=28) + _dt.timedelta(days=4)).replace(day=1)


def time_bins(start: _dt.date, end: _dt.date) -> tuple[str, list[_dt.date]]:
    """The bin unit that fits [start, end] and the start of every bin in it."""
    if end < start:
        start, end = end, start
    span = (end - start).days + 1
    unit = "day" if span <= 45 else "week" if span <= 7 * 30 else "month"
    out, d = [], bin_start(start, unit)
    while d <= end:
        out.append(d)
        d = _next(d, unit)
    return unit, out


def bin_label(d: _dt.date, unit: str) -> str:
    if unit == "month":
        return d.strftime("%Y-%m")
    if unit == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    return d.isoformat()


def _nice_max(v: float) -> tuple[float, float]:
    """A round axis maximum >= v and its tick step."""
    if v <= 0:
        return 1, 1
    raw = v / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 5, 10) if s * mag >= raw)
    step = max(step, 1)  # counts are whole numbers
    return math.ceil(v / step) * step, step


def colours(n: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(n)]


def legend(series: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><span class="swatch" style="background:{c}"></span>{_e(n)}</li>' for n, c in series)
    return f'<ul class="legend">{items}</ul>'


def stacked_bars(bins: list[_dt.date], unit: str, series: list[tuple[str, list[int], str]], width: int = 1160,
                 height: int = 320, ylabel: str = "mentions") -> str:
    """Stacked bars: `series` is [(name, count per bin, colour)], bottom first."""
    left, right, top, bottom = 48, 12, 10, 46
    w, h = width - left - right, height - top - bottom
    totals = [sum(s[1][i] for s in series) for i in range(len(bins))]
    ymax, step = _nice_max(max(totals, default=0))
    n = max(1, len(bins))
    slot = w / n
    bar = max(1.0, slot * 0.82)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(ylabel)} per {unit}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    y = 0.0
    while y <= ymax + 1e-9:  # grid and y ticks
        py = top + h - h * y / ymax
        parts.append(f'<line x1="{left}" x2="{left + w}" y1="{py:.1f}" y2="{py:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{py + 4:.1f}" class="tick" text-anchor="end">{y:g}</text>')
        y += step
    for i, b in enumerate(bins):
        base = 0
        x = left + i * slot + (slot - bar) / 2
        for name, counts, colour in series:
            c = counts[i]
            if not c:
                continue
            y0 = top + h - h * (base + c) / ymax
            hh = h * c / ymax
            parts.append(f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar:.1f}" height="{hh:.1f}" fill="{colour}" '
                         f'data-series="{_e(name)}"><title>{_e(name)} · {bin_label(b, unit)}: {c}</title></rect>')
            base += c
    every = max(1, math.ceil(n / 14))  # at most ~14 labels on the time axis
    for i, b in enumerate(bins):
        if i % every == 0:
            x = left + i * slot + slot / 2
            parts.append(f'<text x="{x:.1f}" y="{top + h + 16}" class="tick" text-anchor="middle">{bin_label(b, unit)}</text>')
    parts.append(f'<line x1="{left}" x2="{left + w}" y1="{top + h}" y2="{top + h}" class="axis"/>'
                 f'<text x="{left + w / 2:.0f}" y="{height - 6}" class="axis-title" text-anchor="middle">{unit}</text>'
                 f'<text x="12" y="{top + h / 2:.0f}" class="axis-title" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + h / 2:.0f})">{_e(ylabel)}</text></svg>')
    return "".join(parts)


def event_timeline(rows: list[dict], start: _dt.date, end: _dt.date, width: int = 1160) -> str:
    """Appointments and dismissals: one row per person, a marker per event at its date.
    rows: {"person", "date" (date), "event", "label" (tooltip)}."""
    people = list(dict.fromkeys(r["person"] for r in rows))
    left, right, top, bottom = 190, 16, 8, 40
    row_h = 26
    height = top + bottom + row_h * max(1, len(people))
    w = width - left - right
    unit, bins = time_bins(start, end)
    t0 = bin_start(start, unit)
    t1 = _next(bins[-1], unit) if bins else end
    total = max(1, (t1 - t0).days)

    def px(d: _dt.date) -> float:
        return left + w * ((d - t0).days / total)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="appointments and dismissals" '
             f'xmlns="http://www.w3.org/2000/svg">']
    every = max(1, math.ceil(len(bins) / 12))
    for i, b in enumerate(bins):
        if i % every == 0:
            x = px(b)
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - bottom}" class="grid"/>'
                         f'<text x="{x:.1f}" y="{height - bottom + 16}" class="tick" text-anchor="middle">{bin_label(b, unit)}</text>')
    for k, p in enumerate(people):
        y = top + row_h * k + row_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" class="tick" text-anchor="end">{_e(p)}</text>'
                     f'<line x1="{left}" x2="{left + w}" y1="{y:.1f}" y2="{y:.1f}" class="row"/>')
    for r in rows:
        y = top + row_h * people.index(r["person"]) + row_h / 2
        x = px(r["date"])
        colour = EVENT_STYLE.get(r["event"], "#555")
        tip = f"<title>{_e(r['person'])} · {r['date'].isoformat()} · {_e(r['event'])}: {_e(r.get('label'))}</title>"
        if r["event"] == "dismissed":
            parts.append(f'<g class="marker dismissed" data-event="dismissed">{tip}'
                         f'<path d="M{x - 6:.1f} {y - 6:.1f}L{x + 6:.1f} {y + 6:.1f}M{x - 6:.1f} {y + 6:.1f}L{x + 6:.1f} {y - 6:.1f}" '
                         f'stroke="{colour}" stroke-width="3"/></g>')
        else:
            parts.append(f'<g class="marker appointed" data-event="{_e(r["event"])}">{tip}'
                         f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}"/></g>')
    parts.append(f'<line x1="{left}" x2="{left + w}" y1="{height - bottom}" y2="{height - bottom}" class="axis"/></svg>')
    return "".join(parts)
