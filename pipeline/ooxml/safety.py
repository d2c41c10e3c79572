"""Turn an untrusted .docx zip into a vetted one, or refuse it before anything is inflated.

A Word file is a zip of XML parts. Two classic attacks hide there: a part that inflates to
gigabytes, and XML that declares entities (external ones read local files). Both are refused
here, by the sizes the zip declares and by a scan for DTDs, before python-docx parses a byte.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from pipeline.errors import InputError

MAX_PART_BYTES = 64 * 1024 * 1024  # a 100-page monitor's document.xml is a few MB
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_PARTS = 2000
# The encodings an XML part may declare: a DTD is looked for in each (UTF-16 hid one from a UTF-8-only scan).
_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def check_package(data: bytes, source: str) -> None:
    """Raise InputError unless `data` is a zip whose parts are of sane size and DTD-free."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(f"{source}: not a valid Word file: the zip is corrupt or truncated ({exc})") from exc
    if len(members) > MAX_PARTS:
        raise InputError(f"{source}: the Word file has {len(members)} parts, more than a monitor's {MAX_PARTS}: "
                         "is this the right file? (open it in Word and save it again)")
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise InputError(
                f"{source}: part {info.filename} would inflate to {info.file_size} bytes "
                f"(limit {MAX_PART_BYTES}); refusing a file that decompresses to too large a size"
            )
    names = {info.filename for info in members}
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise InputError(f"{source}: a zip file, but not a Word document (no word/document.xml)")
    for info in members:
        if info.filename.endswith((".xml", ".rels")):
            _refuse_dtd(archive, info, source)


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> None:
    try:
        with archive.open(info) as part:
            text = part.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise InputError(f"{source}: part {info.filename} is corrupt ({exc})") from exc
    if any(marker.encode(codec) in text for marker in ("<!DOCTYPE", "<!ENTITY") for codec in _CODECS):
        raise InputError(
            f"{source}: part {info.filename} declares a DTD / external entity; "
            "refusing it (Word never writes one)"
        )
