"""deckgen: structured policy analysis in YAML to a PowerPoint deck and a Word memo."""

__version__ = "0.1.0"
__all__ = ["__version__"]
