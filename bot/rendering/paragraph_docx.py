"""The paragraph as a Word document (.docx), with python-docx.

Word's own styles (Title, Heading 1 and 2, List Bullet) so the text takes on the look of
the council proposal it is pasted into; the document language is set so Word checks the
spelling in Dutch (or English). Everything a teammate typed goes in as text runs: Word
shows it, it never runs it.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.oxml.ns import qn
from docx.oxml.shared import OxmlElement
from docx.shared import Pt

from dialogs.views import ParagraphView
from questions.paragraph_template import BlockKind

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
_STYLES = {
    BlockKind.TITLE: "Title",
    BlockKind.HEADING: "Heading 1",
    BlockKind.SUBHEADING: "Heading 2",
    BlockKind.BULLET: "List Bullet",
    BlockKind.PARAGRAPH: "Normal",
}


def render_docx(view: ParagraphView, created: datetime | None = None) -> bytes:
    """The Word file of a paragraph view: its blocks, its status line under the title."""
    document = Document()
    _set_language(document, _LANGUAGE_TAGS.get(view.language, "nl-NL"))
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)  # type: ignore[attr-defined]
    properties = document.core_properties
    properties.title = view.title
    properties.author = "Breedbeeld"
    properties.language = _LANGUAGE_TAGS.get(view.language, "nl-NL")
    properties.comments = view.status_line
    if created is not None:
        properties.created = created
        properties.modified = created
    for block in view.blocks:
        document.add_paragraph(block.text, style=_STYLES[block.kind])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_language(document: object, tag: str) -> None:
    """The proofing language of the whole document (the default run properties)."""
    styles = document.styles.element  # type: ignore[attr-defined]
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), tag)
