"""Builds to what is handed on: distribution bundles and the static gallery."""
