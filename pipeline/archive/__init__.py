"""Turn a rendered quarter into a write-once archive folder, and check archive folders against their manifests."""
