"""Template sets and template files to the facts planning and writing need: layouts, styles.

The only users of python-pptx and python-docx; analyses are cached in the user cache.
"""
