"""Turn action-plan JSON into the Plan every stage shares, and back: the model, its schema, the reporting calendar."""
