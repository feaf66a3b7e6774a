"""``process_flow`` edges → an inline SVG diagram: no script, no CDN, readable on a phone.

Processes are placed in rows by their longest distance from a start (edges that close a cycle
are drawn but not used for the layering); each box carries the process number, and the ordered
list under the diagram gives the full titles. Rows run top to bottom, boxes right to left.
"""

from __future__ import annotations

from markupsafe import Markup

from ..text import persian_digits
from .html import fmt

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 56, 36, 28, 44, 12


def layers(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Row of each process (0-based index) by longest path, ignoring edges that close cycles."""
    succ: dict[int, list[int]] = {i: [] for i in range(n)}
    for a, b in edges:
        if 1 <= a <= n and 1 <= b <= n and a != b:
            succ[a - 1].append(b - 1)
    state = [0] * n  # 0 new, 1 on stack, 2 done
    order: list[int] = []
    acyclic: dict[int, list[int]] = {i: [] for i in range(n)}

    def visit(u: int) -> None:
        stack = [(u, iter(succ[u]))]
        state[u] = 1
        while stack:
            node, it = stack[-1]
            for v in it:
                if state[v] == 1:
                    continue  # a back edge: drawn, not layered
                acyclic[node].append(v)
                if state[v] == 0:
                    state[v] = 1
                    stack.append((v, iter(succ[v])))
                    break
            else:
                state[node] = 2
                order.append(node)
                stack.pop()

    for i in range(n):
        if state[i] == 0:
            visit(i)
    row = [0] * n
    for u in reversed(order):
        for v in acyclic[u]:
            row[v] = max(row[v], row[u] + 1)
    return row


def flow_svg(processes: list[str], edges: list[tuple[int, int]]) -> Markup:
    n = len(processes)
    if n == 0:
        return Markup("")
    row = layers(n, edges)
    rows: dict[int, list[int]] = {}
    for i, r in enumerate(row):
        rows.setdefault(r, []).append(i)
    width_boxes = max(len(v) for v in rows.values())
    width = PAD * 2 + width_boxes * BOX_W + (width_boxes - 1) * GAP_X
    height = PAD * 2 + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y
    pos: dict[int, tuple[float, float]] = {}
    for r, members in rows.items():
        span = len(members) * BOX_W + (len(members) - 1) * GAP_X
        start = width - (width - span) / 2  # right edge of the first box: right to left
        for k, i in enumerate(members):
            x = start - k * (BOX_W + GAP_X) - BOX_W
            pos[i] = (x, PAD + r * (BOX_H + GAP_Y))
    parts = [
        Markup(
            '<svg class="flow-svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            'aria-labelledby="flow-title" xmlns="http://www.w3.org/2000/svg">'
            '<title id="flow-title">نمودار ارتباطی فرایندهای خدمت</title>'
            '<defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/>'
            "</marker></defs>"
        ).format(w=int(width), h=int(height))
    ]
    for a, b in edges:
        if not (1 <= a <= n and 1 <= b <= n) or a == b:
            continue
        (x1, y1), (x2, y2) = pos[a - 1], pos[b - 1]
        cx1, cx2 = x1 + BOX_W / 2, x2 + BOX_W / 2
        if y2 > y1:
            sy, ey = y1 + BOX_H, y2
        elif y2 < y1:
            sy, ey = y1, y2 + BOX_H
        else:
            sy = ey = y1 + BOX_H / 2
            cx1, cx2 = (x1, x2 + BOX_W) if x2 < x1 else (x1 + BOX_W, x2)
        parts.append(
            fmt('<line x1="{:.0f}" y1="{:.0f}" x2="{:.0f}" y2="{:.0f}" class="flow-edge" stroke="currentColor" marker-end="url(#flow-arrow)"/>',
                cx1, sy, cx2, ey
            )
        )
    for i, title in enumerate(processes):
        x, y = pos[i]
        parts.append(
            Markup(
                '<g class="flow-node"><title>{t}</title><rect x="{x:.0f}" y="{y:.0f}" width="{bw}" height="{bh}" rx="8"/>'
                '<text x="{tx:.0f}" y="{ty:.0f}" text-anchor="middle" dominant-baseline="central">{n}</text></g>'
            ).format(t=title, x=x, y=y, bw=BOX_W, bh=BOX_H, tx=x + BOX_W / 2, ty=y + BOX_H / 2, n=persian_digits(i + 1))
        )
    parts.append(Markup("</svg>"))
    return fmt('<figure class="flow">{}</figure>', Markup("").join(parts))
