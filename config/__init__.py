"""The composition root: settings, the container that wires ports to
adapters, URLs and the WSGI entry point."""
