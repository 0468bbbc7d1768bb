"""The HTTP API: thin DRF controllers over the use cases."""
