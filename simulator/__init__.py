"""Parley: rehearse difficult client conversations in a terminal."""

__version__ = "0.1.0"
