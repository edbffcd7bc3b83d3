"""A Memo plan and a template set to the web edition: one self-contained, accessible HTML page."""
