"""The briefing: its typed model, the content format (schema), loading and audience variants.

Content files are read through `checking` and become `model.Briefing` values; nothing here
knows about templates or outputs.
"""
