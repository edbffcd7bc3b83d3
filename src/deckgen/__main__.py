"""`python -m deckgen` runs the command line."""

from deckgen.cli.commands import main

main(prog_name="deckgen")  # usage lines read as the command users type
