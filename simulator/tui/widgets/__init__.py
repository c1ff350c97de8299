"""Widgets the Parley screens are built from, one concept per module."""
