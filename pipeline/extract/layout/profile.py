"""Turn what a plan's layout cannot tell into a profile: headings, status words and colours, id pattern.

The defaults read the common layouts unaided; a partnership whose monitor says something the
defaults cannot place maps it here once (`extract --profile plan-profile.yaml`), instead of
changing its document. `extract --write-profile` writes the profile a reading inferred.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.plan.model import FIELDS


@dataclass(frozen=True)
class Profile:
    """What a reader of one partnership's monitors should know beyond the defaults."""

    headings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field or extra key -> headings
    status_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # scale key -> words printed
    status_colours: dict[str, tuple[str, ...]] = field(default_factory=dict)  # scale key -> fills (hex)
    id_pattern: str | None = None  # a regular expression an action id matches in full
    source: str = "<profile>"
    lines: dict[str, int] = field(default_factory=dict)  # heading -> its line in the profile file

    def field_of(self, heading: str) -> str | None:
        """The field (or extra key, as 'extra:<key>') the profile maps `heading` to, if any."""
        wanted = fold(heading)
        for name, headings in self.headings.items():
            if any(fold(h) == wanted for h in headings):
                return name if name in FIELDS else f"extra:{name}"
        return None

    def key_of_colour(self, hex_: str) -> str | None:
        return next((key for key, colours in self.status_colours.items()
                     if any(c.upper().lstrip("#") == hex_.upper() for c in colours)), None)

    def id_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.id_pattern) if self.id_pattern else None

    def missing_headings(self, printed: set[str]) -> list[str]:
        """The profile's headings that none of the document's action tables prints."""
        have = {fold(h) for h in printed}
        return [h for hs in self.headings.values() for h in hs if fold(h) not in have]


def fold(text: str) -> str:
    """A heading or word as compared: case-folded, runs of white space as one space."""
    return " ".join(text.split()).casefold()


DEFAULT_PROFILE = Profile()
