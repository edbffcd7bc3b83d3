"""Briefing x recipe x template facts to Deck and Memo plans: pure, no files, no Office library."""
