"""What the benchmark scripts share: a PostgreSQL database of their own."""

from __future__ import annotations


def ensure_database(url: str) -> None:
    """Create the database `url` names, if it does not exist yet."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url)
    server = psycopg2.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    server.close()
