"""ftroi's cost engine: pure, typed computation of fine-tune-or-API economics.

No I/O beyond reading its own bundled data files; no Slack, no storage.
"""
