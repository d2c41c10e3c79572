"""Word package plumbing shared by readers and writers: namespaces, tracked-change views, the fixed zip, package safety."""
