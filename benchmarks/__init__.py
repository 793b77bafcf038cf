"""Benchmarks that print figures (never pass or fail on timings): ``python -m benchmarks.run``."""
