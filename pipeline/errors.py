"""Name what can go wrong, so the CLI can report it in one line and exit 1."""
from __future__ import annotations


class PipelineError(Exception):
    """A failure the user can act on; its message is printed as `error: <message>`."""


class InputError(PipelineError):
    """An input file is unreadable, malformed or not what it claims to be."""


class ExtractionError(InputError):
    """A readable document does not hold an action plan laid out as expected."""


class UpdatesError(InputError):
    """A quarter's updates file is invalid; the message lists every problem found."""


class RenderError(PipelineError):
    """An output could not be made (a missing font, a refused resource)."""


class StrictError(PipelineError):
    """A warning was raised while `--strict` was in force."""
