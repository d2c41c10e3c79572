"""The PDF/UA-1 claim in the XMP of a PDF that WeasyPrint writes as another variant (the archive's PDF/A-3b).

WeasyPrint writes one variant's identification: for PDF/A-3b the pdfaid entries, for PDF/UA-1 the
pdfuaid one. The archive is both, so pdfuaid:part is added to the same rdf:RDF, with the
pdfaExtension schema that PDF/A requires for any property outside its own predefined schemas
(ISO 19005-1 6.7.8, kept by parts 2 and 3; pdfuaid is not predefined there)."""
from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
for _prefix, _uri in (("pdfaExtension", EXTENSION), ("pdfaSchema", SCHEMA), ("pdfaProperty", PROPERTY), ("pdfuaid", PDFUAID)):
    ET.register_namespace(_prefix, _uri)


def also_pdf_ua1(metadata: Any) -> None:
    """Make WeasyPrint's DocumentMetadata `metadata` declare PDF/UA-1 beside its own variant."""
    generate = metadata.generate_rdf_metadata

    def generate_with_ua(variant: str, version: int, conformance: str | None) -> bytes:
        rdf = ET.fromstring(generate(variant, version, conformance))
        if variant != "ua":
            rdf.append(_ua_identification())
            rdf.append(_ua_extension_schema())
        return ET.tostring(rdf, encoding="utf-8")

    metadata.generate_rdf_metadata = generate_with_ua


def _description() -> ET.Element:
    element = ET.Element(f"{{{RDF}}}Description")
    element.set(f"{{{RDF}}}about", "")
    return element


def _ua_identification() -> ET.Element:
    element = _description()
    ET.SubElement(element, f"{{{PDFUAID}}}part").text = "1"
    return element


def _ua_extension_schema() -> ET.Element:
    element = _description()
    bag = ET.SubElement(ET.SubElement(element, f"{{{EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    schema = ET.SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    ET.SubElement(schema, f"{{{SCHEMA}}}schema").text = "PDF/UA Universal Accessibility Schema"
    ET.SubElement(schema, f"{{{SCHEMA}}}namespaceURI").text = PDFUAID
    ET.SubElement(schema, f"{{{SCHEMA}}}prefix").text = "pdfuaid"
    sequence = ET.SubElement(ET.SubElement(schema, f"{{{SCHEMA}}}property"), f"{{{RDF}}}Seq")
    part = ET.SubElement(sequence, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    ET.SubElement(part, f"{{{PROPERTY}}}name").text = "part"
    ET.SubElement(part, f"{{{PROPERTY}}}valueType").text = "Integer"
    ET.SubElement(part, f"{{{PROPERTY}}}category").text = "internal"
    ET.SubElement(part, f"{{{PROPERTY}}}description").text = "Indicates which part of ISO 14289 standard is followed"
    return element
