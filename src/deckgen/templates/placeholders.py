"""The placeholder types of slide layouts (p:ph/@type) that deckgen fills, by what it puts in
them: one list, which template analysis and the deck writer both read."""

TITLE_TYPES = ("title", "ctrTitle")  # ECMA-376 has no vertical type: orient="vert"
BODY_TYPES = ("body", "obj")
TEXT_TYPES = ("title", "ctrTitle", "subTitle", "body", "obj")  # cloned with a text body
