"""Turn last quarter's plan into the update forms sent to lead officers, one Word file per lead."""
