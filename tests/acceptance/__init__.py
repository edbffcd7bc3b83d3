"""The acceptance suites: deckgen through its real command line, checked by real readers."""
