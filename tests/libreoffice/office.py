"""Drive LibreOffice Writer as a reviewer's Word would, through UNO: open a .docx, act on it, save it.

Run with Debian's Python (python3-uno lives there, not in the venv):

    /usr/bin/python3 tests/libreoffice/office.py IN.docx OUT.docx ACTION [ACTION …]

Actions, applied in order:
    accept-all              Edit ▸ Track Changes ▸ Accept All
    reject-all              Edit ▸ Track Changes ▸ Reject All
    author=NAME             the user name recorded on tracked changes made after this
    track=on|off            record changes (Edit ▸ Track Changes ▸ Record)
    replace=OLD=>NEW        replace the first occurrence of OLD in the body text by NEW
    shade=TEXT=>RRGGBB      set the background of the table cell holding TEXT
    shade-next=TEXT=>RRGGBB the same for the cell to the right of the one holding TEXT

(No comment action: LibreOffice 7.4 headless crashes saving a .docx after a comment is inserted
through UNO, by the API or by .uno:InsertAnnotation; tests write comments into the XML instead.)

A fresh user profile per run keeps it independent of the machine's. Exits non-zero with one line
when an action finds nothing to act on, so a test never passes on an edit that did not happen.
"""
from __future__ import annotations

import os
import shutil
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


def _find(doc, text: str):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    found = doc.findFirst(search)
    if found is None:
        raise SystemExit(f"error: {text!r} is not in the document")
    return found


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
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    frame = doc.getCurrentController().getFrame()
    name, _, arg = action.partition("=")
    if name in ("accept-all", "reject-all"):
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
    else:
        raise SystemExit(f"error: unknown action {action!r}")


def main(argv: list[str]) -> int:
    source, target, *actions = argv
    with tempfile.TemporaryDirectory(prefix="lo-uno-") as tmp:
        # open a copy: a crash must not leave LibreOffice's lock file beside the caller's document
        shutil.copyfile(source, os.path.join(tmp, "in.docx"))
        source_copy = os.path.join(tmp, "in.docx")
        pipe = f"board_paper_{os.getpid()}"
        office = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             f"-env:UserInstallation=file://{tmp}/profile", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ctx = _connect(pipe, time.time() + 90)
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source_copy), "_blank", 0,
                                               _props(Hidden=True))
            if doc is None:
                raise SystemExit(f"error: {source}: LibreOffice could not open it")
            for action in actions:
                _act(doc, ctx, action)
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                           _props(FilterName="MS Word 2007 XML", Overwrite=True))
            doc.close(True)
            try:
                desktop.terminate()
            except Exception:  # the bridge goes away as the office quits
                pass
        finally:
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
