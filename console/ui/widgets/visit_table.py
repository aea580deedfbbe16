"""A row-cursor table whose columns share the width it is given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

Row = tuple[str, Sequence[RenderableType]]


@dataclass(frozen=True)
class Column:
    """A column: its label, the width it never goes under, and how it grows."""

    label: str
    min: int
    max: int | None = None
    weight: int = 0  # 0: fixed at ``min``
    optional: bool = False  # left out unless the others can have their max


def visible_columns(columns: Sequence[Column], total: int) -> list[int]:
    """Indexes of the columns to show in ``total`` cells (cell padding included)."""
    shown = [i for i, c in enumerate(columns) if not c.optional]
    need = sum((columns[i].max or columns[i].min) + 2 for i in shown)
    for i, column in enumerate(columns):
        if column.optional and need + column.min + 2 <= total:
            shown.append(i)
            need += column.min + 2
    return sorted(shown)


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Share ``total`` cells: minimums first, then growing columns by weight up to their
    max (required columns before optional ones)."""
    widths = [c.min for c in columns]
    spare = total - sum(widths)
    for optional in (False, True):
        growing = [i for i, c in enumerate(columns) if c.weight and c.optional == optional]
        while spare > 0 and growing:
            weights = sum(columns[i].weight for i in growing)
            given = 0
            for i in list(growing):
                share = max(1, spare * columns[i].weight // weights)
                limit = columns[i].max
                if limit is not None:
                    share = min(share, limit - widths[i])
                share = min(share, spare - given)
                widths[i] += share
                given += share
                if limit is not None and widths[i] >= limit:
                    growing.remove(i)
            if given == 0:
                break
            spare -= given
    return widths


def show_table_or_note(pane: Widget, table: VisitTable, note: Widget, empty: bool) -> None:
    """Show ``note`` instead of an empty ``table``; the keyboard stays in ``pane``.

    A hidden table cannot hold focus, so the pane itself takes it (and its keys
    keep working: next day, walk-in...) until there are rows again.
    """
    had_focus = table.has_focus or pane.has_focus or pane.screen.focused is None
    note.display = empty
    table.display = not empty
    pane.can_focus = empty
    if had_focus and pane.screen.is_current:
        (pane if empty else table).focus()


class VisitTable(DataTable, inherit_bindings=False):
    """A table of one-line rows with stable keys that keeps its cursor on reload.

    Enter, left and right are left to the pane around it (open, previous/next day);
    the table moves its cursor with up/down/page keys and home/end.
    """

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    DEFAULT_CSS = """
    VisitTable {
        scrollbar-size-vertical: 1;
        height: 1fr;
    }
    """

    def __init__(self, columns: Sequence[Column], **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._specs = tuple(columns)
        self._shown = list(range(len(self._specs)))
        self._rows: list[Row] = []
        self._laid_out_for = -1

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, if there is one."""
        if not self.row_count or not 0 <= self.cursor_row < self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return key.value

    def show_rows(self, rows: Sequence[Row], keep: str | None = None) -> None:
        """Replace every row; the cursor stays on ``keep`` (or the current row's key)."""
        keep = keep or self.selected_key
        self._rows = list(rows)
        self._fill(keep)

    def select_key(self, key: str, *, scroll: bool = True) -> bool:
        """Move the cursor to the row ``key``; False when there is no such row."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, scroll=scroll)
        return True

    def _fill(self, keep: str | None) -> None:
        # Refills come from live refresh too: keep the rows the user was looking at.
        scrolled_to = self.scroll_y
        width = self.size.width
        if width != self._laid_out_for:
            self._laid_out_for = width
            self.clear(columns=True)
            self._shown = visible_columns(self._specs, width - 1)
            specs = [self._specs[i] for i in self._shown]
            usable = max(width - 1 - 2 * len(specs), len(specs))
            for spec, size in zip(specs, column_widths(specs, usable), strict=True):
                self.add_column(spec.label, width=size)
        else:
            self.clear()
        for key, cells in self._rows:
            self.add_row(*(cells[i] for i in self._shown), key=key)
        if keep is None or not self.select_key(keep, scroll=False):
            self.move_cursor(row=0, scroll=False)
        self.call_after_refresh(self._settle_scroll, scrolled_to)

    def _settle_scroll(self, scrolled_to: float) -> None:
        self.scroll_to(y=scrolled_to, animate=False, immediate=True)
        # Then as little scrolling as brings the cursor's row into view.
        self.move_cursor(row=self.cursor_row, animate=False, scroll=True)

    def on_resize(self, event: events.Resize) -> None:
        """Lay the columns out again when the width changes; keep the cursor in view.

        The table gets shorter when the window does, or when a longer text under it
        (a call's script) takes more lines: the selected row must not end up below it.
        """
        if event.size.width != self._laid_out_for:
            self._fill(self.selected_key)
        elif self.row_count:
            self.call_after_refresh(self._cursor_in_view)

    def _cursor_in_view(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.cursor_row, animate=False, scroll=True)
