"""A migration operation for what only PostgreSQL has (extensions, GIN and
pattern indexes, triggers): applied there, skipped on the SQLite demo."""

from __future__ import annotations

from django.db import migrations


class PostgreSQLOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
