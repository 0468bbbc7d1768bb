"""Ports implemented in memory: fast doubles for unit tests, and the proof
that the use cases run without Django or a database."""
