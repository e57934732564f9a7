"""The receipt (回执) as a one-page PDF with a QR code carrying its signed payload.

reportlab (BSD, maintained since 2000) renders the page; its built-in Adobe CID font
STSong-Light covers Chinese without shipping or downloading a font file (PDF readers bring the
glyphs). segno (pure Python, no dependencies) computes the QR modules, drawn as vector squares
so no image library is involved and the code stays sharp on any printer.
"""

from __future__ import annotations

import io

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from onewindow_documents.service_layer.ports import ReceiptContent

FONT = "STSong-Light"
QR_SIZE = 70 * mm


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The QR code of ``payload`` with its lower-left corner at (x, y): one filled path, a
    rectangle per horizontal run of dark modules (a few hundred operators, not thousands)."""
    matrix = segno.make(payload, error="m").matrix
    module = size / len(matrix)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        top = y + size - (row + 1) * module
        col = 0
        while col < len(cells):
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < len(cells) and cells[col]:
                col += 1
            path.rect(x + start * module, top, (col - start) * module, module)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)


def render_receipt(content: ReceiptContent) -> bytes:
    """A one-page A4 PDF: title, the lines of ``content``, the QR code of its JWS."""
    out = io.BytesIO()
    # invariant: no creation time or random id, so the same receipt gives the same bytes
    canvas = Canvas(out, pagesize=A4, invariant=True)
    canvas.setTitle(content.title)
    canvas.setSubject(content.jws)  # the signed payload travels with the file too
    font = _font()
    width, height = A4
    canvas.setFont(font, 18)
    canvas.drawCentredString(width / 2, height - 30 * mm, content.title)
    y = height - 50 * mm
    for label, value in content.lines:
        canvas.setFont(font, 11)
        canvas.drawString(25 * mm, y, label)
        canvas.drawString(75 * mm, y, value)
        y -= 9 * mm
    y -= 4 * mm
    for sentence in content.next_steps:
        canvas.setFont(font, 10)
        canvas.drawString(25 * mm, y, sentence)
        y -= 7 * mm
    _qr(canvas, content.jws, (width - QR_SIZE) / 2, 25 * mm, QR_SIZE)
    canvas.setFont(font, 8)
    canvas.drawCentredString(width / 2, 20 * mm, content.qr_caption)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
