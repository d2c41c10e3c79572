"""Turn a Grid into a Plan: the layout rules of a progress monitor (header line, priorities, action tables)."""
