"""Located YAML to checked values: a reader keeping file:line:column, field kinds, a YAML repairer.

Used for content files, template.yaml and deckgen.yaml alike; knows nothing of briefings.
"""
