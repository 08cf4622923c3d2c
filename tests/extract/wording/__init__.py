"""Invented sentences per round of factor wording, as data: `tests/extract/test_factor_wording.py` runs them all."""
