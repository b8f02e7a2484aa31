"""ClaimGraph: who asserts what in the news, and who disputes it."""

__version__ = "0.1.0"
