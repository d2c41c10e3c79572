"""Turn input files into bounded, checked bytes, text, YAML nodes and JSON values: the one way in."""
