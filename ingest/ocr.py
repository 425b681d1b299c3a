"""Text recognised from scanned PDF pages with Tesseract, when it is installed.

Only pages that give no text and carry an image are recognised: pdfium renders the page, and
Tesseract (Debian ``tesseract-ocr`` + ``tesseract-ocr-eng``, called through pytesseract) reads
it. Their sections end their heading path with ``SCANNED_HEADING`` so a citation says where the
words came from. Without Tesseract nothing is recognised and the caller's clear error stands.
"""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Iterable

from pypdf import PageObject

logger = logging.getLogger(__name__)

# Appended to an OCR'd section's heading path, so the citation says the words are not the
# document's own text layer and may hold recognition errors.
SCANNED_HEADING = "text recognised from a scan"
# The Tesseract program pytesseract runs; tests point it elsewhere to act as if it were absent.
TESSERACT = "tesseract"
# Language pack (Debian tesseract-ocr-eng).
LANGUAGE = "eng"
# Rendering resolution: Tesseract is most accurate on 300 dpi images of body text.
RENDER_DPI = 300
# Pages a document may have recognised at most: a guard for huge scanned books (about 3 s each).
MAX_PAGES = 300


def ocr_available() -> bool:
    """True when the Tesseract program and the Python bindings are both installed."""
    if shutil.which(TESSERACT) is None:
        return False
    try:
        import pypdfium2  # noqa: F401
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return True


def has_image(page: PageObject) -> bool:
    """Whether the page draws an image XObject (a scan is one big image)."""
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        if not xobjects:
            return False
        return any(
            xobjects[key].get_object().get("/Subtype") in ("/Image", "/Form") for key in xobjects
        )
    except (KeyError, AttributeError, TypeError, ValueError) as e:
        logger.debug("image check failed error=%s", type(e).__name__)
        return False


def recognise_pages(data: bytes, numbers: Iterable[int], *, name: str) -> dict[int, str]:
    """Recognised text of each 1-based page number; a page Tesseract fails on is left out."""
    import pypdfium2
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = shutil.which(TESSERACT) or TESSERACT
    wanted = sorted(numbers)[:MAX_PAGES]
    out: dict[int, str] = {}
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    try:
        for number in wanted:
            page = document[number - 1]
            try:
                image = page.render(scale=RENDER_DPI / 72).to_pil()
                out[number] = pytesseract.image_to_string(image, lang=LANGUAGE)
            except (pytesseract.TesseractError, RuntimeError, OSError) as e:
                logger.warning("ocr failed source=%s page=%d error=%s", name, number, e)
            finally:
                page.close()
    finally:
        document.close()
    logger.info("ocr source=%s pages=%d", name, len(out))
    return out
