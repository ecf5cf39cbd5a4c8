"""The progress/cancel contract every long core operation follows (STYLE.md practice 6).

An operation takes ``progress(fraction, message)`` and ``cancelled() -> bool`` callables; the
app passes ones wired to its progress bar and Cancel button, the CLI and tests pass None.
"""

from __future__ import annotations

from collections.abc import Callable

from gisgrid.errors import Cancelled

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]


def stepper(progress: Progress | None, cancelled: IsCancelled | None) -> Progress:
    """Return ``step(fraction, message)``: raises :class:`Cancelled` when asked, else reports.

    Examples
    --------
    >>> seen = []
    >>> step = stepper(lambda f, m: seen.append((f, m)), lambda: False)
    >>> step(0.5, "half way")
    >>> seen
    [(0.5, 'half way')]
    """

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(fraction, message)

    return step
