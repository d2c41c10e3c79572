"""Carry the bundled templates as the package `pipeline.templates` (pyproject: package-dir), so an install renders."""
