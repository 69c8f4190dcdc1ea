"""Benchmark of the bot against the bare Bot Framework SDK echo bot (see docs/PERFORMANCE.md)."""
