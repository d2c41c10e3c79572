"""Turn Word packages into parts and Clark names, and back: namespaces, merged cells, tracked-change views, the fixed zip, package safety."""
