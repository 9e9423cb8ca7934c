"""Geometry of the picture by rater group (SVG user units), read by the template.

The chart is drawn at the full text width of the page (16 cm of A4 with the
official margins), so one user unit is about 0.9 pt: the 11-unit labels are
10 pt in print, above the 8 pt floor for chart text.
"""

from __future__ import annotations

from competency.scoring import GROUP_ORDER

# Width, left edge of the plot, plot width, row height, top of the first row.
GC_W, GC_LEFT, GC_PLOT, GC_ROW, GC_TOP = 500, 64, 380, 24, 22
# Per group: fill colour and marker (self hollow, the others filled; shapes
# differ so the picture also reads in black and white).
GROUP_STYLE = {
    "self": ("#c05600", "square"),
    "supervisor": ("#1f4e79", "circle"),
    "peer": ("#2e7d4f", "diamond"),
    "subordinate": ("#7b3fa0", "triangle"),
    "recipient": ("#8a6d00", "circle"),
    "others": ("#555f6a", "diamond"),
}


def clear_of_line(baseline: float, line_y: float, size: float) -> float:
    """A figure's baseline, moved above a horizontal line that would strike it.

    The figure's box is taken as [baseline - size, baseline + 0.3 size] with
    a unit of room; a line inside it (the pass mark just above a bar) would
    cross the digits, so the figure then sits just above the line instead.
    """
    if baseline - size - 1 <= line_y <= baseline + 0.3 * size + 1:
        return round(line_y - 0.3 * size - 2, 1)
    return baseline


def _marker(shape: str, x: float, y: float) -> dict:
    r = 5
    points = {
        "diamond": f"{x},{y - r - 1} {x + r + 1},{y} {x},{y + r + 1} {x - r - 1},{y}",
        "triangle": f"{x},{y - r - 1} {x + r + 1},{y + r} {x - r - 1},{y + r}",
    }.get(shape)
    return {"shape": shape, "x": x, "y": y, "r": r, "sx": x - r, "sy": y - r,
            "size": 2 * r, "points": points}


def group_chart(comp: dict, *, pass_mark: float, scale_max: int = 3) -> dict | None:
    """One row per level, a marker per shown group at the level's group figure."""
    groups = [g for g in GROUP_ORDER if g in comp.get("groups", [])]
    if len(groups) < 2:
        return None  # one group: the ladder already says it all
    unit = GC_PLOT / scale_max

    def x_of(v: float) -> float:
        return round(GC_LEFT + unit * min(max(v, 0.0), scale_max), 1)

    rows = []
    offsets = {g: (i - (len(groups) - 1) / 2) * 3 for i, g in enumerate(groups)}
    for n, level in enumerate(comp["levels"]):
        y = GC_TOP + n * GC_ROW + GC_ROW / 2
        scores = level.get("group_scores") or {}
        marks = []
        for g in groups:
            v = scores.get(g)
            if v is None:
                continue
            colour, shape = GROUP_STYLE.get(g, ("#333", "circle"))
            # Groups on the same figure are nudged apart vertically, never hidden.
            marks.append({**_marker(shape, x_of(v), round(y + offsets[g], 1)),
                          "colour": colour, "group": g})
        rows.append({"number": level["number"], "y": y, "text_y": y + 4, "marks": marks})
    bottom = GC_TOP + len(rows) * GC_ROW
    legend_y = bottom + 22
    step = (GC_W - GC_LEFT) / len(groups)
    legend = []
    for i, g in enumerate(groups):
        colour, shape = GROUP_STYLE.get(g, ("#333", "circle"))
        x = GC_LEFT + i * step
        legend.append({**_marker(shape, x + 6, legend_y - 4), "colour": colour, "group": g,
                       "text_x": x + 16, "text_y": legend_y})
    return {
        "w": GC_W, "h": legend_y + 8, "left": GC_LEFT, "right": GC_LEFT + GC_PLOT,
        "top": GC_TOP - 4, "bottom": bottom, "label_x": GC_LEFT - 8, "rows": rows,
        "pass_x": x_of(pass_mark), "axis_y": GC_TOP - 8,
        "ticks": [{"v": v, "x": x_of(v)} for v in range(scale_max + 1)],
        "legend": legend,
    }
