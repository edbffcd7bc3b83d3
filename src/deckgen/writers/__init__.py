"""Output formats: the writers that turn a plan into document bytes.

Each writer is a serializer: a plan, the prepared template's facts and parts, the pictures'
bytes and the build time in, bytes out (deck/, memo/, html/). Nothing here reads a file,
a cache or the environment; the caller reads them (tests/unit/writers/test_purity.py).
The subpackages are imported only where they are used: the command line reads FORMATS alone.
"""

FORMATS = ("pptx", "docx", "pdf", "html", "handout")  # handout: the deck's notes pages, a PDF
