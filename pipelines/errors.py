"""Errors the command line reports as one line, without a traceback."""


class UserError(Exception):
    """Bad input or environment the user can fix: a bad argument, a missing
    dataset, invalid SQL, an unknown source. `status` is the exit code."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status
