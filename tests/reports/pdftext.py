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
