"""Alembic environment: always run on a connection handed over by coding.store.db (never a URL).

Offline (``db.migration_sql``: the SQL as text for an administrator, ``andock server init
--print``) it writes the statements for the dialect it is given, without BEGIN/COMMIT: the
caller wraps them into its own one transaction.
"""
from alembic import context

from coding.store.models import Base

offline = context.is_offline_mode()
context.configure(
    connection=None if offline else context.config.attributes["connection"],
    dialect_name=context.config.attributes["dialect_name"] if offline else None,
    literal_binds=offline,
    transactional_ddl=False if offline else None,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    transaction_per_migration=False,  # all steps in one transaction: never half-applied
)
with context.begin_transaction():
    context.run_migrations()
