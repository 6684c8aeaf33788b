"""Benchmarks for conflict_geo (run from the repository root)."""
