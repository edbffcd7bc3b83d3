"""`python -m deckgen` runs the command line."""

from deckgen.cli import main

main(prog_name="deckgen")  # usage lines read as the command users type
