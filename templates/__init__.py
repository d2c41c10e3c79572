"""The bundled templates, installed as the package `pipeline.templates` (see pyproject: package-dir)."""
