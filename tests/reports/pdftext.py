"""Text of a PDF as a reader copies it, for comparisons."""

import io
import re
import subprocess

import pypdf


def pdftotext(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def pypdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    """Whitespace and the table's figures removed, so wrapped cells compare as one text."""
    return re.sub(r"[\s0-9.✓+\-–]", "", text)


def page_ink_depth(content: bytes, page: int) -> float:
    """How far down a page (0-1 of its height) anything is drawn, the running
    head and the page number left out (the top and bottom 2 cm margins)."""
    pgm = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", "20", "-gray", "-", ],
        input=content, capture_output=True, check=True).stdout
    # Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    magic, width, height, _max, pixels = pgm.split(maxsplit=4)
    width, height = int(width), int(height)
    margin = round(height * 2 / 29.7)
    deepest = 0
    for y in range(margin, height - margin):
        row = pixels[y * width:(y + 1) * width]
        if min(row) < 200:
            deepest = y
    return deepest / height


def text_sizes(content: bytes) -> list[tuple[float, str]]:
    """(size in pt as drawn, text) of every text run: font size scaled by the
    text and graphics matrices (an SVG's viewBox scaling included)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    out: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, size):
        if not text.strip() or not size:
            return
        a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                      tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        out.append((round(size * abs(a * d - b * c) ** 0.5, 2), text))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return out
