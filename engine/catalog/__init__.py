"""Catalogs: API prices, GPU specs and offers, measured throughputs — each row dated and sourced.

The engine's formulas never read a catalog: the analysis resolves what it needs from a
catalog passed in (defaulting to the bundled one) and hands plain numbers to the formulas.
"""
