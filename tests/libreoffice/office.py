"""Drive LibreOffice Writer as a reviewer's Word would, through UNO: open a .docx, act on it, save it.

Run with Debian's Python (python3-uno lives there, not in the venv):

    /usr/bin/python3 tests/libreoffice/office.py IN.docx OUT.docx ACTION [ACTION …]

Actions, applied in order:
    accept-all              Edit ▸ Track Changes ▸ Accept All
    reject-all              Edit ▸ Track Changes ▸ Reject All
    author=NAME             the user name recorded on tracked changes made after this
    track=on|off            record changes (Edit ▸ Track Changes ▸ Record)
    replace=OLD=>NEW        replace the first occurrence of OLD by NEW (body, table cells, then
                            page headers and footers)
    shade=TEXT=>RRGGBB      set the background of the table cell holding TEXT
    shade-next=TEXT=>RRGGBB the same for the cell to the right of the one holding TEXT
    comment=TEXT=>NOTE      anchor a comment by "Legal Reviewer" saying NOTE on the first
                            occurrence of TEXT (body, table cells; LibreOffice does not save a
                            comment made in a header or footer to .docx)

Accept / Reject All need a window, and this Writer (the -nogui packages, without the comment
sidebar's UI files) aborts when a window shows a comment: do not combine them with comment=, or
use them on a file that has comments. Every other action works on the document without a window.

A fresh user profile per run keeps it independent of the machine's. Exits non-zero with one line
when an action finds nothing to act on, so a test never passes on an edit that did not happen.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _props(**kw):
    out = []
    for key, value in kw.items():
        p = PropertyValue()
        p.Name, p.Value = key, value
        out.append(p)
    return tuple(out)


def _connect(pipe: str, deadline: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.time() > deadline:
                raise SystemExit("error: LibreOffice did not start within 90 s")
            time.sleep(0.3)


def _texts(doc):
    """Every text a reviewer can edit: the body, each table cell, each page style's headers and footers."""
    yield doc.Text
    tables = doc.TextTables
    for i in range(tables.getCount()):
        table = tables.getByIndex(i)
        for name in table.getCellNames():
            yield table.getCellByName(name)
    styles = doc.StyleFamilies.getByName("PageStyles")
    for i in range(styles.getCount()):
        style = styles.getByIndex(i)
        for switch, kinds in (("HeaderIsOn", ("HeaderText", "HeaderTextFirst")),
                              ("FooterIsOn", ("FooterText", "FooterTextFirst"))):
            if style.getPropertyValue(switch):
                for kind in kinds:
                    if (text := style.getPropertyValue(kind)) is not None:
                        yield text


def _find(doc, text: str):
    """A cursor selecting the first occurrence of `text` in a paragraph (body, cell, header, footer).
    The model's own search needs a view, which a document with comments cannot have here."""
    for where in _texts(doc):
        paragraphs = where.createEnumeration()
        while paragraphs.hasMoreElements():
            paragraph = paragraphs.nextElement()
            if not paragraph.supportsService("com.sun.star.text.Paragraph"):
                continue  # a table in the body: its cells come on their own
            at = paragraph.getString().find(text)
            if at < 0:
                continue
            # a comment's anchor is a character to the cursor but not in the string: step past any
            for skip in range(at, at + 4):
                cursor = where.createTextCursorByRange(paragraph.getStart())
                cursor.goRight(skip, False)
                cursor.goRight(len(text), True)
                if cursor.getString() == text:
                    return cursor
    raise SystemExit(f"error: {text!r} is not in the document")


VIEW_ACTIONS = ("accept-all", "reject-all")


def _next_cell(table, name: str):
    """The cell right of `name` ("G12" → "H12"; Writer names columns A–Z, then a–z)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    column = name.rstrip("0123456789")
    if len(column) != 1:
        raise SystemExit(f"error: cell {name} is beyond the columns this helper knows")
    cell = table.getCellByName(letters[letters.index(column) + 1] + name[len(column):])
    if cell is None:
        raise SystemExit(f"error: no cell right of {name}")
    return cell


def _act(doc, ctx, action: str) -> None:
    smgr = ctx.ServiceManager
    name, _, arg = action.partition("=")
    if name in VIEW_ACTIONS:
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        frame = doc.getCurrentController().getFrame()
        command = ".uno:AcceptAllTrackedChanges" if name == "accept-all" else ".uno:RejectAllTrackedChanges"
        dispatcher.executeDispatch(frame, command, "", 0, ())
    elif name == "author":
        config = smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
        access = config.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            _props(nodepath="/org.openoffice.UserProfile/Data"))
        first, _, last = arg.partition(" ")
        access.setPropertyValue("givenname", first)
        access.setPropertyValue("sn", last)
        access.commitChanges()
    elif name == "track":
        doc.RecordChanges = arg == "on"
    elif name == "replace":
        old, new = arg.split("=>", 1)
        _find(doc, old).setString(new)
    elif name in ("shade", "shade-next"):
        text, colour = arg.split("=>", 1)
        found = _find(doc, text)
        cell = found.Cell
        if cell is None:
            raise SystemExit(f"error: {text!r} is not in a table cell")
        if name == "shade-next":
            cell = _next_cell(found.TextTable, cell.CellName)
        cell.BackColor = int(colour, 16)
    elif name == "comment":
        text, note = arg.split("=>", 1)
        anchor = _find(doc, text)
        field = doc.createInstance("com.sun.star.text.textfield.Annotation")
        field.Content = note
        field.Author = "Legal Reviewer"
        anchor.getText().insertTextContent(anchor, field, True)  # the cell's (or header's) text, not the body's
    else:
        raise SystemExit(f"error: unknown action {action!r}")


def _open(ctx, desktop, path: str, view: bool):
    """The document in a hidden window when an action needs one (Accept / Reject All are commands of
    the window), else the model alone: this Writer (the -nogui packages) lacks the comment
    sidebar's UI files, so a window over a document with a comment brings the office down."""
    url = uno.systemPathToFileUrl(path)
    if view:
        return desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True))
    doc = ctx.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
    doc.load(_props(URL=url, FilterName="MS Word 2007 XML"))
    return doc


def main(argv: list[str]) -> int:
    source, target, *actions = argv
    with tempfile.TemporaryDirectory(prefix="lo-uno-") as tmp:
        # open a copy: a crash must not leave LibreOffice's lock file beside the caller's document
        shutil.copyfile(source, os.path.join(tmp, "in.docx"))
        source_copy = os.path.join(tmp, "in.docx")
        pipe = f"board_paper_{os.getpid()}"
        # its own process group: `soffice` is a launcher, and soffice.bin must go with it on a kill
        office = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             f"-env:UserInstallation=file://{tmp}/profile", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        desktop = None
        try:
            ctx = _connect(pipe, time.time() + 90)
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            doc = _open(ctx, desktop, source_copy, any(a in VIEW_ACTIONS for a in actions))
            if doc is None:
                raise SystemExit(f"error: {source}: LibreOffice could not open it")
            try:
                for action in actions:
                    _act(doc, ctx, action)
                doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                               _props(FilterName="MS Word 2007 XML", Overwrite=True))
            finally:  # closed even when an action failed, so no lock file or office is left behind
                doc.close(True)
        finally:
            try:
                if desktop is not None:
                    desktop.terminate()
            except Exception:  # the bridge goes away as the office quits
                pass
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(office.pid, signal.SIGKILL)
                office.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
