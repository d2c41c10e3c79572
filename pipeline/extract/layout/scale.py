"""Turn a plan's status legend and status cells into its scale, and each status cell into a Status.

A plan shows status by shading (RAG, or BRAG with blue for complete) or, where it does not shade,
by words ("Complete", "On track", "At risk"). The scale is worked out once for the whole plan:
from the preamble's legend where it states one ("green (complete), amber (…) or red (…)"), from
the hues of the status cells, or from the words in them. A hue or a word that is not on the
scale is a warning naming the cell, never a silent "no status".
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from pipeline.extract.layout.colour import hex_of, hue_name
from pipeline.extract.layout.profile import DEFAULT_PROFILE, Profile, fold
from pipeline.plan.model import DEFAULT_SCALE, ScaleEntry, Status, as_rag

log = logging.getLogger("pipeline")

COLOURS = {"blue": "0070C0", "green": "00B050", "amber": "FFC000", "red": "FF0000"}
ORDER = ("blue", "green", "amber", "red")
# Status words councils print instead of shading, by the default key whose meaning they share.
WORDS = {
    "green": ("complete", "completed", "done", "achieved", "finished", "delivered", "met"),
    "amber": ("on track", "on target", "on schedule", "in progress", "ongoing", "underway", "under way", "started",
              "progressing"),
    "red": ("at risk", "not started", "not yet started", "off track", "off target", "behind schedule", "behind", "delayed", "overdue",
            "not met", "not achieved", "stalled"),
}
_LEGEND = re.compile(r"\b(blue|green|amber|red)\b\s*(?:\(([^)]{1,60})\)|[–—:=-]\s*([^;,.\n]{1,60}))", re.I)
# a separator after the status word on its own line ("Amber – late"); a note in a paragraph of its own keeps
# its first character, even when that is a separator (our render prints the note so: "–", "." are notes too)
_SEPARATOR = re.compile(r"^[ \t]*[–—:;,.-]?\s*")
_ENDS_WORD = re.compile(r"^(?:$|\.?$|\s*[–—:;,(-]|\s+[–—-]\s)")  # what may follow a status word on its line
LETTERS = {"b": "blue", "g": "green", "a": "amber", "r": "red"}  # a status column of single letters
_DEFAULT_MEANINGS = {s.key: s.meaning for s in DEFAULT_SCALE}
NO_STATUS = "no status"  # what a cell without a status prints after its number (folded)


@dataclass(frozen=True)
class RawStatus:
    """A status cell as printed: its text after the outcome's number, its fill, and where it is."""

    text: str = ""
    fill: tuple[int, int, int] | None = None
    where: str = ""


@dataclass(frozen=True)
class Scale:
    """The plan's scale as read, and how its cells show it ('shade' or 'words')."""

    entries: tuple[ScaleEntry, ...]
    mode: str
    words: tuple[tuple[str, str], ...] = ()  # (word, key) the legend gives, tried before the synonyms
    shaded: bool = True  # some status cell is shaded with a colour of the scale

    def recorded(self) -> tuple[ScaleEntry, ...] | None:
        """What the plan stores: None when the scale is the reference's default."""
        return None if self.entries == DEFAULT_SCALE else self.entries


def legend_of(paragraphs: list[str]) -> dict[str, str]:
    """The colour legend a preamble states ('green (complete)', 'Blue – complete'): colour -> meaning.
    Only a paragraph that names two colours or more counts as a legend."""
    for text in paragraphs:
        found = {m.group(1).lower(): " ".join((m.group(2) or m.group(3)).split()) for m in _LEGEND.finditer(text)}
        if len(found) >= 2:
            return found
    return {}


def plan_scale(raws: list[RawStatus], legend: dict[str, str], profile: Profile = DEFAULT_PROFILE,
               source: str = "<document>") -> Scale:
    """Work out the plan's scale from its legend and every status cell: shading where most status
    cells are shaded, words where most print a status word instead."""
    said = tuple((meaning, key) for key, meaning in legend.items())  # "Blue – complete": "Complete" is blue
    hues = [h for r in raws if (h := _fill_key(r.fill, profile)) not in (None, "other")]
    worded = [w for r in raws if (w := _word_key(r.text, profile, said))]
    if len(worded) > len(hues):
        return _word_scale(worded, legend, profile, said, source)
    if legend:  # the legend says which colours the scale has; any other shade is off it
        keys = [k for k in legend]
    elif "blue" in hues:
        keys = list(ORDER)
    else:
        keys = ["green", "amber", "red"]
    keys += [k for k in profile.status_colours if k not in keys]
    meanings = legend or _DEFAULT_MEANINGS
    entries = tuple(ScaleEntry(k, k.capitalize(), meanings.get(k), COLOURS.get(k) or _profile_colour(k, profile))
                    for k in keys)
    return Scale(entries, "shade", said, shaded=bool(hues))


def _word_scale(worded: list[tuple[str, str]], legend: dict[str, str], profile: Profile,
                said: tuple[tuple[str, str], ...], source: str) -> Scale:
    seen: dict[str, str] = {}
    for key, word in worded:
        if key not in seen:
            seen[key] = word
        elif fold(seen[key]) != fold(word):
            log.warning("%s: the status words %r and %r both read as %s; both are printed as %r. If they are two "
                        "steps of the scale, say so in a profile: `status_words: {%s: [%s], <another key>: [%s]}`",
                        source, seen[key], word, key, seen[key], key, seen[key], word)
    order = [k for k in (*ORDER, *profile.status_words) if k in seen]
    return Scale(tuple(ScaleEntry(k, seen[k], legend.get(k), None) for k in dict.fromkeys(order)), "words", said)


def resolve(raw: RawStatus, scale: Scale, source: str, profile: Profile = DEFAULT_PROFILE) -> Status:
    """The Status a cell shows on the plan's scale; a shade or a word off the scale is warned about."""
    keys = [e.key for e in scale.entries]
    head, _, rest = raw.text.partition("\n")
    if fold(head) == NO_STATUS or (fold(head).startswith(NO_STATUS) and not fold(head)[len(NO_STATUS):][:1].isalnum()):
        return Status(None, _note(head.strip()[len(NO_STATUS):] + "\n" + rest))
    hue = _fill_key(raw.fill, profile)
    word = _word_key(raw.text, profile, scale.words)
    if scale.mode == "shade":
        label, note = _label(raw.text, scale)
        if hue in keys:
            if label is not None and label != hue:
                log.warning("%s: %s: the status says %s but is shaded %s; the shading wins",
                            source, raw.where, label or "no status", hue)
            return Status(as_rag(hue), note)
        if raw.fill is not None and not blank_fill(raw.fill):
            log.warning("%s: %s: the status cell is shaded #%s, which is not on the plan's scale (%s); read as %s. "
                        "If it is one, map it in a profile: `status_colours: {<one of %s>: [%s]}`", source, raw.where,
                        hex_of(raw.fill), ", ".join(keys), label or "no status", ", ".join(keys), hex_of(raw.fill))
            return Status(as_rag(label) if label else None, note)
        if label is None and word and word[0] in keys:  # an unshaded cell that says its status in words
            # in a plan that shades its statuses the words could be a note on a blank status: say so
            log.warning("%s: %s: the status cell is not shaded but says %r; read as %s (a plan that shades its "
                        "statuses). If it is a note on a blank status, shade nothing and print 'No status' before it",
                        source, raw.where, word[1], word[0])
            return Status(as_rag(word[0]), _note(raw.text.strip()[len(word[1]):]))
        if label is None and raw.text and not scale.shaded:  # no shading anywhere: the words were the status
            log.warning("%s: %s: the status %r is neither shaded nor a status word (%s); read as no status, the "
                        "words kept as a note. If it is one, map it in a profile: `status_words: {<one of %s>: [%s]}`",
                        source, raw.where, " ".join(raw.text.split())[:40], ", ".join(e.label for e in scale.entries),
                        ", ".join(keys), " ".join(raw.text.split())[:40])
        return Status(as_rag(label) if label else None, note)  # label "" is "No status" printed
    if word and word[0] in keys:
        return Status(as_rag(word[0]), _note(raw.text.strip()[len(word[1]):]))
    if hue in keys:  # a shaded cell in a plan of words
        return Status(as_rag(hue), _note(raw.text))
    if raw.text or (raw.fill is not None and not blank_fill(raw.fill)):
        shown = " ".join(raw.text.split())[:40] or f"shaded #{hex_of(raw.fill)}"
        log.warning("%s: %s: the status %r is not on the plan's scale (%s); read as no status, the words kept as "
                    "a note. If it is one, map it in a profile: `status_words: {<one of %s>: [%s]}`", source,
                    raw.where, shown, ", ".join(e.label for e in scale.entries), ", ".join(keys), shown)
    return Status(None, _note(raw.text))


def blank_fill(fill: tuple[int, int, int]) -> bool:
    """White or nearly: a cell background, not a status."""
    return min(fill) >= 242


def _fill_key(fill: tuple[int, int, int] | None, profile: Profile) -> str | None:
    if fill is None:
        return None
    return profile.key_of_colour(hex_of(fill)) or hue_name(fill)


def _profile_colour(key: str, profile: Profile) -> str | None:
    colours = profile.status_colours.get(key)
    return colours[0].upper().lstrip("#") if colours else None


def _word_key(text: str, profile: Profile, said: tuple[tuple[str, str], ...] = ()) -> tuple[str, str] | None:
    """(scale key, the words as printed) for a status word that opens `text` and stands alone on
    its line or before a separator ("Complete", "Complete – signed off", "COMPLETE."): the
    profile's words first, then the legend's, then the common synonyms; the longest match in each.
    "Amber/Green" or "Completed in part" are not one of the words, so they are never cut short."""
    head = text.strip().split("\n")[0]
    folded = fold(head)
    mine = [(w, k) for k, words in profile.status_words.items() for w in words]
    common = [(w, k) for k, words in WORDS.items() for w in words] + [(k, k) for k in ORDER]
    for word, key in [*sorted(mine, key=lambda c: -len(c[0])), *sorted(said, key=lambda c: -len(c[0])),
                      *sorted(common, key=lambda c: -len(c[0]))]:
        w = fold(word)
        if folded.startswith(w) and _ENDS_WORD.match(folded[len(w):]):
            return key, head.strip()[: len(word)]
    letter = LETTERS.get(folded.rstrip(".")) if len(folded.rstrip(".")) == 1 else None
    return (letter, head.strip()[:1]) if letter else None


def _label(text: str, scale: Scale) -> tuple[str | None, str | None]:
    """A shaded cell may also print its label ('1. Green'): (the key it names, "" for 'No status',
    None for no label; the note after it)."""
    folded = fold(text)
    for entry in scale.entries:
        label = fold(entry.label)
        if folded == label or (folded.startswith(label) and not folded[len(label)].isalnum()):
            return entry.key, _note(text.strip()[len(entry.label):])
    if folded == NO_STATUS or folded.startswith(NO_STATUS + " "):
        return "", _note(text.strip()[len(NO_STATUS):])
    return None, _note(text)


def _note(text: str) -> str | None:
    return " ".join(_SEPARATOR.sub("", text, count=1).split()) or None
