"""Adapters: the ports of `application` implemented with real technology."""
