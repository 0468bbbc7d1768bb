"""Use cases of the shop, written against ports only (see `ports`)."""
