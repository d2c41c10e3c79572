"""The PDF's structure tree as one document, not one per page (PDF/UA-1), in place of WeasyPrint's own.

WeasyPrint 70 tags each page on its own (Kozea/WeasyPrint#2903): a table, a list, a paragraph or a
table row that runs over a page break becomes two structure elements, the header row repeated on the
next page is tagged as content again, and the page header and footer are in no structure element and
are not artifacts either. A screen reader then meets a new table on every page, hears the header row
again as a row, and hears half a row as a row of its own.

This is done while WeasyPrint builds the tree, not afterwards with pikepdf, because only here is it
known which boxes are fragments of one HTML element: after the fact, a table that goes on over a page
and two tables that meet at a page break look the same. Here:
- a box of an element already tagged on an earlier page, under the same parent, goes on in that
  element (a fragment of an anonymous box only when it is its parent's first child: anonymous boxes
  share their parent's element, and only a first child can be the continuation of the page before);
- a table's header row group met again on a later page is the repeat WeasyPrint draws: its text is
  marked as an /Artifact of /Type /Pagination, as is everything in the page margins (the running
  header and the page numbers: /Subtype /Header or /Footer);
- header cells carry /Scope (Column, or Row for scope="row") and an /ID, and every data cell on every
  page names its column's and row's headers in /Headers;
- marked-content ids are numbered per page as the tree takes them, so the artifacts leave no holes;
- an element the template marks data-unsplit="<the refusal>" that still goes on over a page break (it
  is taller than a page: CSS break-inside cannot keep it whole) is refused in the template's words.

`install()` puts it in place (pipeline.render.pdf.weasy calls it on import). Everything else is as
WeasyPrint 70.0 does it (weasyprint/pdf/tags.py, BSD licence), and tests/render/pdf/test_pdf_tags.py
checks the tree of real renders, so a WeasyPrint upgrade that changes what this relies on fails there.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasy_tags

from pipeline.errors import RenderError

ARTIFACT = "/Artifact"


def install() -> None:
    """Use this module's tagger for every tagged PDF WeasyPrint writes in this process."""
    import weasyprint.pdf as weasy_pdf
    from weasyprint.pdf.stream import Stream

    weasy_pdf.add_tags = add_tags
    Stream.marked = _marked


@contextmanager
def _marked(self: Any, box: Any, tag: str) -> Iterator[None]:
    """WeasyPrint's Stream.marked, also noting where in the stream the marked content begins, so
    the tagger can turn it into an artifact or give it its final id."""
    if self._tags is None:
        yield
        return
    mcid = len(self._tags)
    assert box not in self._tags
    properties = pydyf.Dictionary({"MCID": mcid})
    self._tags[box] = {"tag": tag, "mcid": mcid, "at": (self.stream, len(self.stream))}  # the list of operators, where it begins
    self.begin_marked_content(tag, properties)
    try:
        yield
    finally:
        self.end_marked_content()


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
    """Add the structure tree for `document` to `pdf` (WeasyPrint's add_tags, whole across pages)."""
    content_mapping = pydyf.Dictionary({})
    pdf.add_object(content_mapping)
    structure_root = pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": content_mapping.reference})
    pdf.add_object(structure_root)
    structure_document = pydyf.Dictionary({"Type": "/StructElem", "S": "/Document", "K": pydyf.Array(),
                                           "P": structure_root.reference})
    pdf.add_object(structure_document)
    structure_root["K"] = pydyf.Array([structure_document.reference])
    pdf.catalog["StructTreeRoot"] = structure_root.reference
    if str(pdf_version) >= "2.0":
        namespace = pydyf.Dictionary({"Type": "/Namespace", "NS": pydyf.String("http://iso.org/pdf2/ssn")})
        pdf.add_object(namespace)
        structure_root["Namespaces"] = pydyf.Array([namespace.reference])
        structure_document["NS"] = namespace.reference

    content_mapping["Nums"] = pydyf.Array()
    tree = _Tree(pdf)
    for page_number, (page, stream) in enumerate(zip(document.pages, page_streams)):
        tree.start_page(page_number, stream._tags)
        for element in tree.build(page._page_box, structure_document, None, True):
            structure_document["K"].append(element.reference)
        if tree.tags:
            raise RenderError(f"PDF: {len(tree.tags)} piece(s) of text on page {page_number + 1} are in no "
                              "structure element (a layout the tagger does not know): the PDF would hide them "
                              "from screen readers")
        content_mapping["Nums"].append(page_number)
        content_mapping["Nums"].append(pydyf.Array(tree.page_nums))

    start = len(document.pages)
    for i, (reference, annotation) in enumerate(tree.annotations, start=start):
        content_mapping["Nums"].append(i)
        content_mapping["Nums"].append(reference)
        annotation["StructParent"] = i

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
    if "Lang" not in pdf.catalog:
        raise RenderError('PDF: the document has no language: give the template\'s <html> a lang attribute')


class _Continued:
    """A structure element and the last page it has content on."""

    __slots__ = ("element", "page")

    def __init__(self, element: pydyf.Dictionary, page: int) -> None:
        self.element, self.page = element, page


class _Tree:
    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.continued: dict[tuple[Any, ...], _Continued] = {}
        self.column_headers: dict[int, dict[int, list[pydyf.String]]] = {}
        self.row_headers: dict[Any, list[pydyf.String]] = defaultdict(list)  # by the row's HTML element
        self.header_count = 0
        self.annotations: list[tuple[Any, Any]] = []
        self.page = 0
        self.tags: dict[Any, dict[str, Any]] = {}
        self.page_nums: list[Any] = []

    def start_page(self, number: int, tags: dict[Any, dict[str, Any]]) -> None:
        self.page, self.tags, self.page_nums = number, tags, []

    def take(self, box: Any, owner: pydyf.Dictionary) -> int:
        """The marked content of `box`, owned by `owner`: its id on this page, in the order taken."""
        kid = self.tags.pop(box)
        mcid = len(self.page_nums)
        stream, at = kid["at"]
        stream[at + 1]["MCID"] = mcid
        self.page_nums.append(owner.reference)
        return mcid

    def content_item(self, box: Any, owner: pydyf.Dictionary) -> Any:
        """`box`'s marked content as a kid of `owner`: its id, or, where `owner` goes on from an
        earlier page (a link over a page break), a marked-content reference naming this page."""
        mcid = self.take(box, owner)
        page = self.pdf.page_references[self.page]
        if owner["Pg"] == page:
            return mcid
        reference = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": mcid})
        self.pdf.add_object(reference)
        return reference.reference

    def artifact(self, box: Any, subtype: str | None) -> None:
        """Mark every piece of content under `box` as a pagination artifact (and out of the tree)."""
        for inner in _descendants(box):
            kid = self.tags.pop(inner, None)
            if kid is None:
                continue
            stream, at = kid["at"]
            properties = pydyf.Dictionary({"Type": "/Pagination"})
            if subtype:
                properties["Subtype"] = subtype
            stream[at] = ARTIFACT
            stream[at + 1] = properties

    def element(self, tag: str, parent: pydyf.Dictionary) -> pydyf.Dictionary:
        element = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{tag}", "K": pydyf.Array([]),
                                    "Pg": self.pdf.page_references[self.page], "P": parent.reference})
        self.pdf.add_object(element)
        return element

    def build(self, box: Any, parent: pydyf.Dictionary, parent_box: Any, first: bool) -> Iterator[pydyf.Dictionary]:
        """Tag `box` under `parent`; yield the new structure elements to append to parent's kids."""
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        element_tag = None if box.element is None else box.element_tag
        tag = weasy_tags._get_pdf_tag(element_tag)

        if element_tag in ("html", "body") or isinstance(box, boxes.PageBox):
            if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
                for index, child in enumerate(box.children):
                    yield from self.build(child, parent, box, index == 0)
                return
        elif isinstance(box, boxes.MarginBox):
            self.artifact(box, "/Footer" if box.at_keyword.startswith("@bottom") else "/Header")
            return
        elif tag in ("TD", "TH"):
            if parent["S"] in ("/TD", "/TH"):  # an anonymous block of a cell
                tag = "NonStruct"
        elif tag == "LI":
            if parent["S"] == "/LI":
                tag = "LBody"
            elif parent["S"] == "/LBody":
                tag = "NonStruct"
            elif box.element_tag in ("dt", "dd") or (box.element_tag == "li" and (
                    "list-item" not in box.style["display"] or box.style["list_style_type"] == "none")):
                item = self.element("LI", parent)
                for child in self.build_as(box, "LBody", item, parent_box, first):
                    item["K"].append(child.reference)
                yield item
                return
        yield from self.build_as(box, tag, parent, parent_box, first)

    def build_as(self, box: Any, tag: str, parent: pydyf.Dictionary, parent_box: Any,
                 first: bool) -> Iterator[pydyf.Dictionary]:
        key = (box.element, box.element_tag, tag, id(parent))
        earlier = self.continued.get(key) if box.element is not None else None
        if earlier is not None and earlier.page == self.page:
            earlier = None  # two boxes of one element on one page (an inline split over lines): two elements
        anonymous = parent_box is not None and parent_box.element is box.element and parent_box.element_tag == box.element_tag
        if earlier is not None and anonymous and not first:
            earlier = None
        if earlier is not None and _repeated(box):
            self.artifact(box, None)  # what WeasyPrint draws again on a later page: a header or footer row, a fixed box
            return
        if earlier is not None and box.element.get("data-unsplit"):
            raise RenderError(f"PDF: {box.element.get('data-unsplit')}")  # the template's words: what it is, why, the fix
        if earlier is not None:
            element, new = earlier.element, False
            earlier.page = self.page
        else:
            element, new = self.element(tag, parent), True
            if box.element is not None:
                self.continued[key] = _Continued(element, self.page)

        if tag == "Figure" and new:
            self.figure(box, element)
        elif tag == "Table" and box.is_table_wrapper:
            wrapper, table = box, box.get_wrapped_table()
            if table:  # the table box tagged, its captions in it
                box = table.copy_with_children([])
                for child in wrapper.children:
                    box.children.extend(child.children if child is table else [child])
        elif tag in ("TH", "TD"):
            if new:
                element["A"] = pydyf.Dictionary({"O": "/Table"})
                if box.colspan != 1:
                    element["A"]["ColSpan"] = box.colspan
                if box.rowspan != 1:
                    element["A"]["RowSpan"] = box.rowspan
                if tag == "TH":
                    row = box.element.attrib.get("scope") == "row"
                    element["A"]["Scope"] = "/Row" if row else "/Column"
            box.mark = element

        for annotation, owner in ((box.link_annotation, element), (box.widget_annotation, None)):
            if annotation:
                self.annotate(annotation, element, owner)

        position = 0
        for child in box.children:
            for inner in child.children if isinstance(child, boxes.LineBox) else [child]:
                if isinstance(inner, boxes.TextBox):
                    if tag == "Link":
                        element["K"].append(self.content_item(inner, element))
                    else:
                        span = self.element(self.tags[inner]["tag"], element)
                        span["K"].append(self.take(inner, span))
                        element["K"].append(span.reference)
                else:
                    # In PDF a nested list belongs to the list, in HTML to the item.
                    nested = inner.element_tag in ("ul", "ol") and element["S"] == "/LI"
                    child_parent = parent if nested else element
                    at = len(child_parent["K"])
                    child_parent["K"][at:at] = [e.reference for e in self.build(inner, child_parent, box, position == 0)]
                position += 1

        if isinstance(box, boxes.ReplacedBox):
            element["K"].append(self.content_item(box, element))
        if tag == "Table":
            self.link_headers(box, element)
        if new:
            yield element

    def figure(self, box: Any, element: pydyf.Dictionary) -> None:
        x1, y1 = box.content_box_x(), box.content_box_y()
        element["A"] = pydyf.Dictionary({"O": "/Layout", "BBox": pydyf.Array((x1, y1, x1 + box.width, y1 + box.height))})
        if box.element.tag == "{http://www.w3.org/2000/svg}svg":
            title = box.element.find("{http://www.w3.org/2000/svg}title")
            alt = title.text if title is not None else None
        else:
            alt = box.element.attrib.get("alt")
        if not alt:
            raise RenderError(f"PDF: the image {box.element.attrib.get('src', '(inline)')!r} has no alt text")
        element["Alt"] = pydyf.String(alt)

    def annotate(self, annotation: Any, element: pydyf.Dictionary, owner: pydyf.Dictionary | None) -> None:
        reference = pydyf.Dictionary({"Type": "/OBJR", "Obj": annotation.reference,
                                      "Pg": self.pdf.page_references[self.page]})
        self.pdf.add_object(reference)
        if owner is None:  # a form widget: in a /Form element of its own
            owner = self.element("Form", element)
            owner["K"].append(reference.reference)
            element["K"].append(owner.reference)
        else:
            element["K"].append(reference.reference)
        self.annotations.append((owner.reference, annotation))

    def link_headers(self, table_box: Any, table: pydyf.Dictionary) -> None:
        """Give this page's header cells of `table` an ID, and each data cell, once, the IDs of the
        headers over its columns (from the table's first page: later pages repeat them as artifacts)
        and of those beside it in its row (kept per row: a row goes on over pages)."""
        columns = self.column_headers.setdefault(id(table), defaultdict(list))
        rows = tuple(_rows(table_box))
        for row in rows:
            for cell in row.children:
                mark = getattr(cell, "mark", None)
                if mark is None or cell.element_tag != "th" or "ID" in mark:
                    continue
                self.header_count += 1
                key = pydyf.String(f"th-{self.header_count}")
                mark["ID"] = key
                if cell.element.attrib.get("scope") in ("row", "rowgroup"):
                    self.row_headers[row.element].append(key)
                else:
                    for column in range(cell.grid_x, cell.grid_x + cell.colspan):
                        columns[column].append(key)
        for row in rows:
            for cell in row.children:
                mark = getattr(cell, "mark", None)
                if mark is None or cell.element_tag != "td" or "Headers" in mark["A"]:
                    continue
                headers = list(self.row_headers.get(row.element, ()))
                headers += [h for column in range(cell.grid_x, cell.grid_x + cell.colspan) for h in columns[column]]
                if headers:
                    mark["A"]["Headers"] = pydyf.Array(headers)


def _repeated(box: Any) -> bool:
    """True for a box WeasyPrint draws again on every page rather than going on with it: a table's
    header or footer row group, or a box of fixed position."""
    if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer):
        return True
    return box.style["position"] == "fixed"


def _rows(box: Any) -> Iterator[Any]:
    for child in box.children:
        yield from [child] if child.element_tag == "tr" else _rows(child)


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)
