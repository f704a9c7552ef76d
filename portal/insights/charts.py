"""Small server-side SVG charts: no JavaScript, no CDN, readable by screen readers through title and desc."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 40, 28, 12
COLOURS = ("#0f5e59", "#c2410c")


def _scale(values):
    top = max([v for series in values for v in series] + [1])
    # A round ceiling keeps the grid lines on friendly numbers.
    magnitude = 10 ** (len(str(int(top))) - 1)
    return max(magnitude, -(-top // magnitude) * magnitude)


def line_chart(title, labels, *series, names=()):
    """One or two series over the same labels (weeks, usually)."""
    if not labels:
        return ""
    top = _scale(series)
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / max(1, len(labels) - 1)
    parts = []
    for fraction in (0, 0.5, 1):
        y = PAD_TOP + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}" class="chart__grid"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" class="chart__axis" '
            f'text-anchor="end">{int(top * fraction)}</text>'
        )
    for index, values in enumerate(series):
        points = " ".join(
            f"{PAD_LEFT + i * step:.1f},{PAD_TOP + plot_h * (1 - v / top):.1f}" for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{COLOURS[index % 2]}" stroke-width="2.5" '
            'stroke-linejoin="round"/>'
        )
    every = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{PAD_LEFT + i * step:.1f}" y="{HEIGHT - 8}" class="chart__axis" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    legend = ""
    if names:
        legend = "".join(
            format_html(
                '<tspan fill="{}">■ {}</tspan> ',
                COLOURS[i % 2],
                name,
            )
            for i, name in enumerate(names)
        )
        legend = f'<text x="{WIDTH - 8}" y="{PAD_TOP}" class="chart__legend" text-anchor="end">{legend}</text>'
    desc = "; ".join(
        ", ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=False)) for values in series
    )
    return mark_safe(  # noqa: S308 - text is escaped above; everything else is numbers
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title-{id(labels)}">'
        f'<title id="chart-title-{id(labels)}">{escape(title)}</title><desc>{escape(desc)}</desc>'
        + "".join(parts)
        + legend
        + "</svg>"
    )


def bar_list(rows):
    """Horizontal bars for (label, value) rows, as an HTML list styled by CSS; the numbers stay visible."""
    top = max([value for _label, value in rows] + [1])
    items = "".join(
        format_html(
            '<li><span class="bars__label">{}</span><span class="bars__track"><span class="bars__fill" '
            'style="width: {}%"></span></span><span class="bars__value">{}</span></li>',
            label,
            round(100 * value / top),
            value,
        )
        for label, value in rows
    )
    return mark_safe(f'<ul class="bars" role="list">{items}</ul>')  # noqa: S308 - items built with format_html


# --- Retention heat map ---------------------------------------------------------------------------------------------
# A cell's background deepens from white to the brand teal with the share it shows. Its text colour is chosen from
# the background, so every shade keeps WCAG AA contrast (4.5:1) for the number printed on it: dark text on pale
# cells, white text on deep ones. Shares are rounded to HEAT_STEPS buckets, so the page only ever emits the
# HEAT_STEPS + 1 colour pairs that HEAT_SHADES lists (and the tests check).
HEAT_BASE = "#0f5e59"
HEAT_STEPS = 10
DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"


def _rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def relative_luminance(colour):
    """WCAG 2.x relative luminance of a ``#rrggbb`` colour."""

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """WCAG 2.x contrast ratio between two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix_with_white(colour, fraction):
    return "#" + "".join(f"{round(255 + (v - 255) * fraction):02x}" for v in _rgb(colour))


def _shade(step):
    background = _mix_with_white(HEAT_BASE, step / HEAT_STEPS)
    text = max((DARK_TEXT, LIGHT_TEXT), key=lambda candidate: contrast_ratio(background, candidate))
    return background, text


HEAT_SHADES = tuple(_shade(step) for step in range(HEAT_STEPS + 1))


def heat_shade(share):
    """(background, text) colours for a cell showing ``share`` per cent."""
    step = round(min(max(share, 0), 100) * HEAT_STEPS / 100)
    return HEAT_SHADES[step]
