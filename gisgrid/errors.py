"""Errors whose text is meant for the user: they name the file, row or feature and the fix."""


class GisgridError(Exception):
    """Base class for every error gisgrid reports to a user instead of a traceback."""


class InputError(GisgridError):
    """A file or value the user brought cannot be used as it is."""


class ProjectError(GisgridError):
    """A project file cannot be opened, read or saved."""


class Cancelled(GisgridError):
    """Long work stopped because the user cancelled it."""

    def __init__(self, message: str = "cancelled by the user") -> None:
        super().__init__(message)
