"""The SQLite database, through sqlite-utils. All SQL of the application lives in this package,
so that an office-wide PostgreSQL deployment changes one package."""

from app.storage.database import Database
from app.storage.opening import connect, create_database

__all__ = ["Database", "connect", "create_database"]
