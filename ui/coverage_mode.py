"""Coverage map mode on the canvas: small grids coloured by grid leader or by households.

The colours are the shared :func:`gisgrid.layers.coverage.coverage_style` encodings, so the
desktop map matches the print maps and the HTML map. The mode lends the ``grids_small`` map
layer the figures of :func:`gisgrid.export.coverage.coverage_grids` (leader, households, short
code) and the coverage style; switching it off gives back the layer's data and previous style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from gisgrid.layers.coverage import coverage_style
from PyQt6.QtCore import QObject, pyqtSignal

from gisgrid.export.coverage import coverage_grids

if TYPE_CHECKING:
    from gisgrid.ui.main_window import MainWindow

LAYER = "grids_small"
#: Columns lent to the map layer while the mode is on.
EXTRA_COLUMNS = ("short_code", "households", "leader_id", "leader")


class CoverageMode(QObject):
    """Switches the window's ``grids_small`` layer into and out of coverage colouring.

    Signals
    -------
    modeChanged(str)
        ``""`` (off), ``"leader"`` or ``"load"``.
    """

    modeChanged = pyqtSignal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._mode = ""
        self._layer: Any = None
        self._previous_style: Any = None
        self._busy = False

    @property
    def mode(self) -> str:
        """The current colouring: ``""`` (off), ``"leader"`` or ``"load"``."""
        return self._mode

    def set_mode(self, color_by: str) -> bool:
        """Colour small grids by ``"leader"`` or ``"load"``; ``""`` restores the old style.

        Returns False (and shows why) when the project has no small grids to colour.
        """
        if color_by == self._mode and (not color_by or self._layer_alive()):
            return True
        self._restore()
        if color_by:
            stack = self.w.stack
            if self.w.project is None or stack is None or LAYER not in stack:
                self.w.show_error(self.tr("The project has no small grids to colour."))
                self.modeChanged.emit("")
                return False
            layer = stack[LAYER]
            self._layer, self._previous_style = layer, layer.style
            self._mode = color_by
            layer.events.data.connect(self._data_replaced)
            if self.w.guarded(self.refresh) is None:
                self._restore()
                self.modeChanged.emit("")
                return False
        self.modeChanged.emit(self._mode)
        return True

    def refresh(self) -> bool:
        """Recompute leaders and loads (after an assignment changed) and redraw."""
        if not self._mode or not self._layer_alive() or self.w.project is None:
            return False
        layer = self._layer
        figures = coverage_grids(self.w.project)
        base = self.w.project.layer(LAYER)
        frame = base.copy()
        for column in EXTRA_COLUMNS:
            frame[column] = pd.Series(figures[column].to_numpy(), index=frame.index)
        selected = layer.selected
        self._busy = True
        try:
            layer.data = frame
        finally:
            self._busy = False
        if selected and max(selected) < len(frame):
            layer.selected = selected
        layer.style = coverage_style(self._mode)
        return True

    def _layer_alive(self) -> bool:
        stack = self.w.stack
        return self._layer is not None and stack is not None and self._layer in stack.layers

    def _data_replaced(self) -> None:
        """Lend the coverage figures again after the window reloaded the grids (an edit)."""
        if not self._busy and self._mode:
            self.w.guarded(self.refresh)

    def _restore(self) -> None:
        layer, self._layer = self._layer, None
        mode, self._mode = self._mode, ""
        if layer is None:
            return
        layer.events.data.disconnect(self._data_replaced)
        if not mode or self.w.stack is None or layer not in self.w.stack.layers:
            return  # another project was opened: its layers never had the mode
        selected = layer.selected
        layer.style = self._previous_style
        if self.w.project is not None:
            layer.data = self.w.project.layer(LAYER)
            if selected and max(selected) < len(layer.data):
                layer.selected = selected
