"""Extract country figures, sector indicators, partners and pledges from humanitarian reports."""

__version__ = "0.7.0"
