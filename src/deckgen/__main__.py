"""`python -m deckgen` runs the command line."""

from .cli import main

main()
