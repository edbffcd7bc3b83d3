"""Briefings and builds to findings for their authors: lint rules and revision diffs."""
