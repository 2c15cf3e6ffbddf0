"""Alembic environment: always run on a connection handed over by coding.store.db (never a URL)."""
from alembic import context

from coding.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    transaction_per_migration=False,  # all steps in one transaction: never half-applied
)
with context.begin_transaction():
    context.run_migrations()
