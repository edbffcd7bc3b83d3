"""Output formats: the writers that turn a plan into document bytes."""

FORMATS = ("pptx", "docx", "pdf", "html")
