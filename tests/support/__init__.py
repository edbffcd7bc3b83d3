"""Helpers the tests share: hand-built inputs, template generators and render checks."""
