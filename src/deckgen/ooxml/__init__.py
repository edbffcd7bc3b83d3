"""Office packages: read untrusted ones safely, edit parts and relationships, zip deterministically.

The only code that opens a .pptx/.docx/.xlsx zip as bytes; the templates and writers build on it.
"""
