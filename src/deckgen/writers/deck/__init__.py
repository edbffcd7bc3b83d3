"""A Deck plan and a prepared deck template to .pptx bytes: slides, charts and their workbooks."""
