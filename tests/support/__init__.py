"""Shared test helpers that are not fixtures: hand-built inputs for unit tests."""
