"""A compositor whose partial updates draw only what reaches the terminal.

Textual's partial update (``Compositor.render_partial_update``) draws a box around
all the changed areas, and in it every visible widget whose *clip* overlaps the box,
each over its whole visible region: a filter keystroke on the contacts screen changes
the filter box, the status line and the list (one column), yet the header, the
footer, the detail pane, the screen and its containers (whose clip is the screen) and
the list's scrollbar were drawn too, and their lines thrown away (~0.6-0.8 ms of the
keystroke's frame at 120x40).

``LeanCompositor.render_partial_update`` sends the same update: it goes through the
widgets in the same order (front to back, the first strip for a cell wins), but asks a
widget only for the lines from its first to its last changed line whose cells some
changed span shows and no widget in front of it has filled yet, and skips a widget
with none. A cell's strip is whatever the first widget covering it draws, as before;
cells no span shows are left out (``ChopsUpdate`` writes none of them either). Full
updates (a first frame, a resize, a screenshot) are Textual's own.
``tests/app/test_lean_compositor.py`` compares the two updates byte for byte while
the real app is driven.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


def _needed_cuts(
    cuts: list[list[int]], spans: list[tuple[int, int, int]]
) -> tuple[dict[int, set[int]], list[tuple[int, int, int]]]:
    """{line: the cuts on it whose chop ``ChopsUpdate`` writes cells of} (a chop from
    ``x`` to the next cut ``end`` with ``x < x2`` and ``end > x1`` for a span ``(y, x1,
    x2)``), and the chops (y, x, end) starting at a span's end: of those ``ChopsUpdate``
    writes only a cursor move, whatever their strip."""
    needed: dict[int, set[int]] = {}
    edges: list[tuple[int, int, int]] = []
    for y, x1, x2 in spans:
        line = cuts[y]
        wanted = needed.setdefault(y, set())
        for x, end in pairwise(line):
            if x < x2 and end > x1:
                wanted.add(x)
            elif x == x2:
                edges.append((y, x, end))
    return {y: wanted for y, wanted in needed.items() if wanted}, edges


class LeanCompositor(Compositor):
    """``Compositor`` with partial updates drawn line by line (see the module)."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        if not update_regions:
            return None
        try:
            screen_region = self.size.region
            crop = Region.from_union(list(update_regions)).intersection(screen_region)
            spans = list(self._regions_to_spans(update_regions))
            chops = self._lean_chops(crop, spans)
            chop_ends = [cut_set[1:] for cut_set in self.cuts]
        except (AttributeError, TypeError, ValueError, IndexError, KeyError):
            # These are Textual's private internals (checked against 8.2): should a
            # later Textual change them, the screen is still drawn, by Textual's own
            # path, from the same dirty regions. tests/app/test_lean_compositor.py
            # asserts the lean path is the one taken, so such a change fails there.
            return super().render_partial_update()
        self._dirty_regions.clear()
        return ChopsUpdate(chops, spans, chop_ends)

    def _lean_chops(
        self, crop: Region, spans: list[tuple[int, int, int]]
    ) -> Sequence[Mapping[int, Strip | None]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(c[:-1]) for c in cuts]
        open_cuts, edges = _needed_cuts(cuts, spans)  # cuts still to fill, by line
        intersection = Region.intersection
        crop_overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            if not open_cuts:
                break
            if not crop_overlaps(clip):
                continue
            shown = intersection(region, clip)
            if not shown:
                continue
            x, _, width, _ = shown
            first_cut, last_cut = x, x + width
            lines = [
                y
                for y in shown.line_range
                if (wanted := open_cuts.get(y))
                and any(first_cut <= cut < last_cut for cut in wanted)
            ]
            if not lines:
                continue
            top, bottom = lines[0], lines[-1] + 1
            strips = widget.render_lines(Region(x - region.x, top - region.y, width, bottom - top))
            for y, strip in zip(range(top, bottom), strips, strict=False):
                wanted = open_cuts.get(y)
                if wanted is None:
                    continue  # a line no span shows (between two changed ones)
                line_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                pieces = strip.divide([cut - x for cut in line_cuts[1:]])
                chops_line = chops[y]
                for cut, piece in zip(line_cuts, pieces, strict=False):
                    if chops_line[cut] is None:
                        chops_line[cut] = piece
                        wanted.discard(cut)
                if not wanted:
                    del open_cuts[y]
        for y, x, end in edges:  # (the screen covers every cell: some widget draws it)
            if chops[y][x] is None:
                chops[y][x] = Strip.blank(end - x)
        return chops
