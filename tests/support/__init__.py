"""Helpers the tests share: template generators and render checks."""
