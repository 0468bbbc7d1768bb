"""The ports implemented with Django's ORM: one Django app per domain."""
