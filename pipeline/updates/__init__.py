"""Turn a quarter's updates (YAML) and last quarter's Plan into this quarter's Plan."""
