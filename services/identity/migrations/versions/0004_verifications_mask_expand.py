"""EXPAND (release N of an expand/contract pair, docs/operations.md): in-person verification
records keep the identity document's number masked to its last four characters instead of in
full (data minimisation: the audit says which document was shown; the full number is personal
data the record does not need).

Adds ``document_number_masked`` and lets ``document_number`` be NULL, so that this release's code
(which writes only the masked column) and the previous release's replicas (which still insert
``document_number``) both work on this schema during a rolling deploy. A trigger masks and
clears whatever the previous code writes, so no full number is kept even before the contract
step; existing rows are backfilled here. The contract step (0005) drops ``document_number`` and
the trigger — only in a LATER release, once no replica of the previous one runs."""

from alembic import op

revision = "0004"
down_revision = "0003"
S = "identity"

MASK = f"""
CREATE OR REPLACE FUNCTION "{S}".mask_document_number(number text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT repeat('*', greatest(length(number) - 4, 0)) || right(number, 4) $$
"""
SYNC = f"""
CREATE OR REPLACE FUNCTION "{S}".verifications_mask_number() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.document_number IS NOT NULL THEN
    NEW.document_number_masked := "{S}".mask_document_number(NEW.document_number);
    NEW.document_number := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER verifications_mask_number BEFORE INSERT OR UPDATE ON "{S}".verifications
FOR EACH ROW EXECUTE FUNCTION "{S}".verifications_mask_number();
"""


def upgrade() -> None:
    op.execute(f'ALTER TABLE "{S}".verifications ADD COLUMN document_number_masked text')
    op.execute(f'ALTER TABLE "{S}".verifications ALTER COLUMN document_number DROP NOT NULL')
    op.execute(MASK)
    op.execute(SYNC)
    # backfill: the trigger masks and clears each existing row's number as it is updated
    op.execute(
        f'UPDATE "{S}".verifications SET document_number = document_number'
        " WHERE document_number IS NOT NULL"
    )


def downgrade() -> None:
    # the full numbers are gone for good; the previous release reads none of them
    op.execute(f'DROP TRIGGER verifications_mask_number ON "{S}".verifications')
    op.execute(f'DROP FUNCTION "{S}".verifications_mask_number()')
    op.execute(f'DROP FUNCTION "{S}".mask_document_number(text)')
    op.execute(f'ALTER TABLE "{S}".verifications DROP COLUMN document_number_masked')
