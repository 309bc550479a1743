"""The virtual contact list: renders only the visible rows, pulls pages on demand.

A ``ScrollView`` whose ``virtual_size`` is the number of matching contacts and whose
``render_line`` draws one row from a small page cache (``render_lines`` hands the
compositor each row drawn and styled once per look: ``list_lines``). Missing pages
are fetched by one exclusive worker, so scrolling fast through 100,000 contacts only
ever asks for the window the user lands on; a new query's first rows are read on the
event loop itself when that is quick (``contact_pages.read_contacts_now``). Filtering
is the backend's job (``q=`` search, LIMIT-ed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from ...domain.snooze import is_snoozed
from ...store.base import Backend, Obj
from ..display import overdue_days
from ..messages import ContactPageLoaded
from ..worker_errors import ReportsWorkerErrors
from .contact_pages import read_contacts, read_contacts_now
from .contact_spec import ListSpec, fit_cells
from .list_lines import FinalLines, draw_row, plain, row_key, row_styles
from .list_thumb import repaint_rows, thumb_now, thumb_stays

REST_OF_PAGE_AFTER = 0.2  # seconds after a new query's screenful before its whole page


class ContactList(ReportsWorkerErrors, ScrollView, can_focus=True):
    """Name, nickname, favourite star and overdue marker, one contact per line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "contact-list--cursor",
        "contact-list--star",
        "contact-list--nickname",
        "contact-list--overdue",
        "contact-list--loading",
    }

    # (repainted by its watcher: the rows, not the scrollbar beside them)
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    # The total of each new query's first page, set as its rows land. A watcher (the
    # status line) runs in the same call, so the count and the rows reach the screen in
    # one frame; a message would arrive a loop turn later and cost a frame of its own.
    counted: var[int] = var(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor row changed; ``by_user`` when a key or click moved it."""

        def __init__(self, contact: Obj | None, by_user: bool = False) -> None:
            super().__init__()
            self.contact = contact
            self.by_user = by_user

    class Selected(Message):
        def __init__(self, contact: Obj) -> None:
            super().__init__()
            self.contact = contact

    def __init__(
        self,
        backend: Backend,
        today: date,
        *,
        page_size: int = 100,
        cache_pages: int = 12,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.backend = backend
        self.today = today
        self.page_size = page_size
        self.cache_pages = cache_pages
        self.spec = ListSpec()
        self.generation = 0
        self.total = 0
        self._total_known = False
        self._pages: dict[int, list[Obj]] = {}
        self._overdue: dict[str, bool] = {}
        self._snoozes: dict[str, date] = {}  # snoozed contacts of the cached pages
        self._wanted: set[int] = set()
        self._pending_select: str | None = None  # contact id to put the cursor on
        # The contact shown elsewhere (opened from the dashboard, the palette, a link) is
        # not among the rows loaded: no row is highlighted rather than a wrong one.
        self.detached = False
        self.loaded = False  # first page of the current generation has arrived
        self._user_move = False
        self._style_cache: dict[bool, tuple[Style, Style, Style, Style]] = {}
        self._lines = FinalLines()  # rows as drawn and styled, by look (``render_lines``)
        self._rest_timer: Timer | None = None  # the rest of a page read a screenful ago

    # ------------------------------------------------------------------ queries

    def set_spec(self, spec: ListSpec, *, keep_id: str | None = None) -> None:
        """Show a new query: clear the cache and fetch its first page."""
        self.spec = spec
        self.reload(keep_id=keep_id)

    def reload(self, *, keep_id: str | None = None) -> None:
        self.generation += 1
        self._pages.clear()
        self._snoozes.clear()
        self._wanted.clear()
        self._pending_select = keep_id
        if keep_id is None:
            self.detached = False
        self.loaded = False
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
        if self._first_rows_now(self.generation):
            # an earlier query's read still under way is of no use now (with a worker
            # started, ``exclusive`` would have cancelled it)
            self.workers.cancel_group(self, "contact-pages")
        else:
            self._fetch_pages(self.generation, [0])

    def _first_limit(self) -> int:
        """How many rows a new query reads first: the screenful (see ``_post_page``),
        or the whole page when a row must be found in it or the list is not laid out."""
        screenful = self.size.height
        if self._pending_select is None and 0 < screenful < self.page_size:
            return screenful
        return self.page_size

    def _first_rows_now(self, generation: int) -> bool:
        """Read the new query's first rows here, on the event loop, when that is quick
        (``read_contacts_now``); whether they landed.

        A filter keystroke at 100k contacts then shows its rows in the frame that
        echoes the key, with no worker, thread or message in between (issue 14: <= 16 ms
        from key to results). A read past its budget goes to the worker as before."""
        if self.size.height <= 0:  # not laid out yet (the first page at mount)
            return False
        limit = self._first_limit()
        try:
            read = read_contacts_now(self.backend, self.spec.query(limit, 0), self.today)
        except Exception:  # a fault: the worker meets it too, and reports it (report_error)
            return False
        if read is None or (limit < self.page_size and read[0].total is None):
            return False  # (without a total a short page would read as the end)
        result, snoozes = read
        self._land(ContactPageLoaded(generation, 0, result.items, result.total, snoozes))
        if limit < self.page_size and len(result.items) == limit and self._short(0):
            # the rest of the page once typing pauses (a timer: cheaper than a worker
            # started now, and the next keystroke stops it)
            self._rest_timer = self.set_timer(
                REST_OF_PAGE_AFTER, lambda: self._rest_of_first_page(generation)
            )
        return True

    def _rest_of_first_page(self, generation: int) -> None:
        self._rest_timer = None
        if generation == self.generation and self._short(0):
            # (exclusive: it cancels a read of pages scrolled to meanwhile, ``_wanted``,
            # so it reads them too, or their rows stay "…": every later ask is dropped)
            pages = sorted({0} | self._wanted)
            self._wanted = set(pages)
            self._fetch_pages(generation, pages)

    @work(exclusive=True, group="contact-pages", exit_on_error=False)
    async def _fetch_pages(self, generation: int, pages: list[int]) -> None:
        for page in pages:
            if generation != self.generation:
                return
            screenful = self.size.height
            first = page == 0 and not self.loaded and self._pending_select is None
            if first and 0 < screenful < self.page_size:
                whole = await self._post_page(generation, 0, screenful)
                if whole:
                    continue  # the screenful was the whole answer
                # The rest of the page once typing pauses: the next keystroke cancels
                # this worker before it reads rows nobody sees ("m" at 100k: 17 ms of
                # CPU against the next key). Scrolling down asks for them at once (_want).
                if whole is not None:  # (None: nothing shown yet, read the page now)
                    await asyncio.sleep(REST_OF_PAGE_AFTER)
                if generation != self.generation:
                    return
            await self._post_page(generation, page, self.page_size)

    async def _post_page(self, generation: int, page: int, limit: int) -> bool | None:
        """Read ``limit`` rows of ``page`` and post them; whether that was all of it
        (None: not posted).

        A new query (a filter keystroke) reads the rows on screen first, then the whole
        page: at 100k contacts a one-letter filter's page of 100 walks ~200 rows, a
        screenful ~80, and the person sees the screenful. ``_want`` refetches a page
        that is shorter than it should be, should the second read be cancelled."""
        query = self.spec.query(limit, page * self.page_size)
        # the page and its due people's snoozes: one trip to a thread on a local book
        result, snoozes = await read_contacts(self.backend, query, self.today)
        if limit < self.page_size and result.total is None:
            return None  # without a total a short page would read as the end: skip it
        self.post_message(ContactPageLoaded(generation, page, result.items, result.total, snoozes))
        return len(result.items) < limit or result.total == len(result.items)

    def on_contact_page_loaded(self, message: ContactPageLoaded) -> None:
        message.stop()
        self._land(message)

    def _land(self, message: ContactPageLoaded) -> None:
        """Rows of a page are in (from the worker's message, or read on the loop)."""
        if message.generation != self.generation:
            return
        self._snoozes.update(message.snoozes)
        had_cursor_row = self._row(self.cursor) is not None  # a screenful read earlier
        first = message.page == 0 and not self.loaded  # the first read of page 0 places
        in_view = None if first else self._visible_ids()
        self._store_page(message.page, message.items)
        self._wanted.discard(message.page)
        full = len(message.items) == self.page_size
        if message.total is not None:
            self.total, self._total_known = message.total, True
        elif not self._total_known:
            # No count from the backend: grow as pages arrive (one page of slack).
            seen = message.page * self.page_size + len(message.items)
            self.total = max(self.total, seen + (self.page_size if full else 0))
            if not full:
                self.total, self._total_known = seen, True
        self._set_virtual_height(self.total)
        if first:
            self.loaded = True
            self.counted = self.total
            self._place_cursor_after_reload()
            repaint_rows(self)
        elif self._visible_ids() != in_view:  # the rest of a page read a screenful ago:
            repaint_rows(self)  # a repaint only when it brings rows into view
        if (
            not first  # (placing the cursor announced the row: one message, not two)
            and not had_cursor_row
            and self._row(self.cursor) is not None
            and message.page == self.cursor // self.page_size
        ):
            self._announce()

    def _visible_ids(self) -> list[str | None]:
        """The ids of the rows in view (None: not loaded yet)."""
        top = int(self.scroll_y)
        rows = (self._row(i) for i in range(top, min(top + self.size.height, self.total)))
        return [None if c is None else str(c["id"]) for c in rows]

    def _set_virtual_height(self, rows: int) -> None:
        """Resize the scroll area without a layout of the whole screen.

        Assigning ``virtual_size`` asks for a full layout (every container re-rendered),
        which was most of a filter keystroke's frame. Only the scrollbars depend on it:
        update them directly; showing or hiding one still lays out (its reactive does),
        and one whose thumb stays put is not redrawn (``list_thumb``)."""
        size = Size(0, rows)
        if self.virtual_size == size:
            return
        before = thumb_now(self)
        self.set_reactive(ContactList.virtual_size, size)
        if not thumb_stays(self, before, rows):
            self._scroll_update(size)
        repaint_rows(self)

    def _store_page(self, page: int, items: list[Obj]) -> None:
        self._pages[page] = items
        for c in items:  # worked out again as the rows are drawn (``_due``)
            self._overdue.pop(str(c["id"]), None)
        if len(self._pages) > self.cache_pages:
            centre = self.cursor // self.page_size
            far = max(self._pages, key=lambda p: abs(p - centre))
            for c in self._pages.pop(far):
                self._overdue.pop(str(c["id"]), None)
                self._snoozes.pop(str(c["id"]), None)

    def _due(self, contact: Obj) -> bool:
        """``_is_due``, worked out when the row is first drawn: a keystroke's page of
        100 rows shows a screenful of them."""
        cid = str(contact["id"])
        due = self._overdue.get(cid)
        if due is None:
            due = self._overdue[cid] = self._is_due(contact)
        return due

    def _is_due(self, contact: Obj) -> bool:
        """Overdue for stay-in-touch and not snoozed today (domain/snooze.py's rule)."""
        until = self._snoozes.get(str(contact["id"]))
        due = overdue_days(contact, self.today, self.backend.tz) is not None
        return due and not is_snoozed(until, self.today)

    def _place_cursor_after_reload(self) -> None:
        wanted = self._pending_select
        self._pending_select = None
        index = 0
        if wanted is not None:
            for i, c in enumerate(self._pages.get(0, [])):
                if str(c["id"]) == wanted:
                    index = i
                    self.detached = False
                    break
            else:
                index = min(self.cursor, max(self.total - 1, 0))
        self.cursor = index
        top = max(0, index - self.size.height // 2)
        if top != self.scroll_y:  # (a filter's list is at the top already)
            self.scroll_to(y=top, animate=False)

    # ------------------------------------------------------------------ rows

    def _row(self, index: int) -> Obj | None:
        if index < 0 or index >= self.total:
            return None
        page = self._pages.get(index // self.page_size)
        if page is None:
            return None
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    @property
    def highlighted(self) -> Obj | None:
        return None if self.detached else self._row(self.cursor)

    def show_id(self, contact_id: str) -> None:
        """Put the cursor on ``contact_id`` (opened from elsewhere), so the highlighted row
        and the shown contact are one and the same; no row at all when it is not loaded
        here (filtered out, or pages away): never another person's."""
        if not self.loaded:
            self._pending_select = contact_id
            self.detached = True  # until the first page shows where it is
            self.refresh()
            return
        for page, items in self._pages.items():
            for i, c in enumerate(items):
                if str(c["id"]) == contact_id:
                    self.detached = False
                    self.cursor = page * self.page_size + i
                    return
        self.detached = True
        self.refresh()

    def update_contact(self, contact: Obj) -> None:
        """Replace a cached row in place (after an edit), without refetching."""
        cid = str(contact.get("id"))
        for items in self._pages.values():
            for i, c in enumerate(items):
                if str(c["id"]) == cid:
                    items[i] = contact
                    self._overdue[cid] = self._is_due(contact)
                    self.refresh()
                    return

    def _want(self, first: int, last: int) -> None:
        if not self.loaded:  # the first page places the scroll: rows asked for at the
            return  # old position would cancel its read (exclusive), and it never landed
        pages = range(max(first, 0) // self.page_size, max(last, 0) // self.page_size + 1)
        missing = [p for p in pages if p * self.page_size < self.total and self._short(p)]
        if missing and not set(missing) <= self._wanted:
            self._wanted = set(missing)
            self._fetch_pages(self.generation, missing)

    def _short(self, page: int) -> bool:
        """Not cached, or cached with fewer rows than the total says it holds."""
        items = self._pages.get(page)
        return items is None or len(items) < min(self.page_size, self.total - page * self.page_size)

    def render_line(self, y: int) -> Strip:
        _scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= self.total:
            if self.total == 0 and self.loaded and y == 0:
                return self._render_hint(width)
            return Strip.blank(width, self.rich_style)
        contact = self._row(index)
        if contact is None:
            self._want(scroll_y, scroll_y + self.size.height)
            return Strip([Segment(" …".ljust(width), self._row_styles(False)[2])], width)
        return self._render_contact(contact, index == self.cursor and not self.detached, width)

    def _render_hint(self, width: int) -> Strip:
        style = self._row_styles(False)[0] + self.get_component_rich_style(
            "contact-list--loading", partial=True
        )
        return Strip(
            [Segment(fit_cells(" " + self.spec.empty_hint(), width), style)]
        ).extend_cell_length(width, self.rich_style)

    def _row_styles(self, is_cursor: bool) -> tuple[Style, Style, Style, Style]:
        """(base, star, nickname, overdue) styles, computed once per theme change."""
        cached = self._style_cache.get(is_cursor)
        if cached is None:
            cached = self._style_cache[is_cursor] = row_styles(self, is_cursor)
        return cached

    def _render_contact(self, contact: Obj, is_cursor: bool, width: int) -> Strip:
        return draw_row(contact, self._row_styles(is_cursor), self._due(contact), is_cursor, width)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Rows as the compositor takes them, each drawn and styled once per look
        (``list_lines``); Textual's own pass when the list's CSS asks more of it. The
        scroll offset, width and cursor are read once, not once per row."""
        if not plain(self):
            return super().render_lines(crop)
        top = int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        cursor = -1 if self.detached else self.cursor

        def line_key(y: int) -> Hashable | None:  # None: a blank, the hint, a row loading
            contact = self._row(top + y)
            if contact is None:
                return None
            return row_key(contact, self._due(contact), top + y == cursor, width)

        def draw(y: int, key: Hashable | None) -> Strip:
            contact = None if key is None else self._row(top + y)
            if contact is None:
                return self.render_line(y)
            return self._render_contact(contact, top + y == cursor, width)

        return self._lines.render(self, crop, line_key, draw)

    # ------------------------------------------------------------------ cursor

    def watch_cursor(self, old: int, new: int) -> None:
        if self.total == 0:
            repaint_rows(self)
            self._announce()
            return
        clamped = max(0, min(new, self.total - 1))
        if clamped != new:
            self.cursor = clamped
            return
        self._scroll_cursor_into_view()
        repaint_rows(self)
        self._announce()

    def _scroll_cursor_into_view(self) -> None:
        self.scroll_to_region(
            Region(0, self.cursor, max(self.size.width, 1), 1), animate=False, immediate=True
        )

    def _announce(self) -> None:
        by_user, self._user_move = self._user_move, False
        self.post_message(self.Highlighted(self.highlighted, by_user))

    def _user_moves(self) -> None:
        self._user_move = True
        self.detached = False  # the person picks a row: the list leads again

    def action_cursor(self, delta: int) -> None:
        self._user_moves()
        self.cursor = self.cursor + delta

    def action_page(self, direction: int) -> None:
        self._user_moves()
        step = max(self.size.height - 1, 1)
        self.cursor = self.cursor + direction * step
        self.scroll_to(y=self.scroll_y + direction * step, animate=False, immediate=True)

    def action_jump(self, where: int) -> None:
        self._user_moves()
        self.cursor = 0 if where == 0 else max(self.total - 1, 0)

    def action_select(self) -> None:
        contact = self.highlighted
        if contact is not None:
            self.post_message(self.Selected(contact))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self._user_moves()
            self.cursor = int(self.scroll_y) + offset.y

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self._lines.clear()
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(0, self.total)
