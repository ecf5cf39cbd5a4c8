"""Long work off the GUI thread: a plain core function run on a background thread.

The function is any core operation following the house contract: it accepts ``progress``
(``callable(fraction, message)``) and ``cancelled`` (``callable() -> bool``) keyword
arguments, polls ``cancelled`` and raises :class:`gisgrid.errors.Cancelled` when asked to stop.
:class:`Task` runs it and reports back through Qt signals, which arrive on the GUI thread.

Examples
--------
>>> task = Task(core_function, project, path, options=opts)  # doctest: +SKIP
>>> task.finished.connect(show_report)  # doctest: +SKIP
>>> task.start()  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QCoreApplication, QObject, pyqtSignal

from gisgrid.errors import Cancelled, GisgridError

log = logging.getLogger(__name__)


def unexpected_text(exc: BaseException) -> str:
    """Return the one line shown for an error the program did not expect (a defect).

    The traceback belongs in the log (the caller writes it); the user reads one line.
    """
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return QCoreApplication.translate("Task", "Unexpected error: {0}").format(
        f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    )


class Task(QObject):
    """Run ``function(*args, progress=…, cancelled=…, **kwargs)`` on a worker thread.

    Signals
    -------
    progress(float, str)
        Fraction done (0–1) and a message, as reported by the function.
    finished(object)
        The function's return value.
    failed(str)
        A :class:`~gisgrid.errors.GisgridError`'s text, or a one-line description of an
        unexpected error (whose traceback goes to the log, never to the user).
    cancelled()
        The function stopped because :meth:`cancel` was called.
    done()
        Emitted last, whatever the outcome.
    """

    progress = pyqtSignal(float, str)
    finished = pyqtSignal(object)
    failed = pyqtSignal(str)
    cancelled = pyqtSignal()
    done = pyqtSignal()

    def __init__(
        self, function: Callable[..., Any], *args: Any, parent: QObject | None = None, **kwargs: Any
    ) -> None:
        super().__init__(parent)
        self._function = function
        self._args = args
        self._kwargs = kwargs
        self._cancel = threading.Event()
        self._running = False

    @property
    def running(self) -> bool:
        """Whether the task has been started and has not ended yet."""
        return self._running

    def start(self) -> None:
        """Start the work on a new background thread."""
        if self._running:
            raise RuntimeError("task already running")
        self._running = True
        self._cancel.clear()
        # A Python thread, not a QThread/QThreadPool: pyproj 3.7.0–3.7.2 crashes when used
        # from threads Python did not create (pyproj issue #1509), and the core uses pyproj.
        # Qt signals emitted here are queued to the GUI thread all the same.
        self._thread = threading.Thread(target=self._run, name="gisgrid-task", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has ended (tests, shutdown); False on timeout."""
        thread = getattr(self, "_thread", None)
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def cancel(self) -> None:
        """Ask the function to stop at its next ``cancelled()`` poll."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Whether :meth:`cancel` was called (the ``cancelled`` callable given to the work)."""
        return self._cancel.is_set()

    def _report(self, fraction: float, message: str = "") -> None:
        self.progress.emit(float(max(0.0, min(1.0, fraction))), str(message))

    def _run(self) -> None:
        try:
            result = self._function(
                *self._args, progress=self._report, cancelled=self.is_cancelled, **self._kwargs
            )
        except Cancelled:
            self._end(self.cancelled.emit)
        except GisgridError as exc:
            self._end(self.failed.emit, str(exc))
        except Exception as exc:  # unexpected: log the traceback, show one line
            log.error("background work failed:\n%s", traceback.format_exc())
            self._end(self.failed.emit, unexpected_text(exc))
        else:  # the work completed: report it even if Cancel came too late to stop it
            self._end(self.finished.emit, result)

    def _end(self, emit: Callable[..., None], *args: Any) -> None:
        self._running = False
        try:
            emit(*args)
            self.done.emit()
        except RuntimeError:  # the owner (e.g. a closed dialog) was deleted meanwhile
            log.info("background work ended after its window closed")


#: Tasks of dialogs still running: a task outlives a dialog closed meanwhile (its thread
#: reports to it), so it is owned by the application and kept referenced here until done.
_DETACHED: set[Task] = set()


def dialog_task(function: Callable[..., Any], *args: Any) -> Task:
    """Return a task owned by the application, so Qt (not the worker thread) deletes it."""
    return Task(function, *args, parent=QCoreApplication.instance())


def start_detached(task: Task) -> Task:
    """Start ``task`` (from :func:`dialog_task`) and keep it alive until it is done."""
    _DETACHED.add(task)

    def finished() -> None:
        _DETACHED.discard(task)
        task.deleteLater()  # on the GUI thread, after every queued report was delivered

    task.done.connect(finished)
    task.start()
    return task
