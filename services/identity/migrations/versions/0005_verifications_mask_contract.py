"""CONTRACT (release N+1 of the pair 0004/0005, docs/operations.md): drops
``verifications.document_number`` and the trigger that masked what the previous release wrote.

Applied only once every replica runs code of the release that shipped 0004 (that code never
names ``document_number``): an older replica's INSERT names the column and would fail after
this. ``migrations/release`` holds the revision a release migrates to; it moves to 0005 in the
release after the one that shipped 0004 — never in the same one."""

from alembic import op

revision = "0005"
down_revision = "0004"
S = "identity"


def upgrade() -> None:
    # rows the trigger cannot have seen (none expected): mask before the column goes
    op.execute(
        f'UPDATE "{S}".verifications'
        f' SET document_number_masked = "{S}".mask_document_number(document_number)'
        " WHERE document_number IS NOT NULL"
    )
    op.execute(f'DROP TRIGGER verifications_mask_number ON "{S}".verifications')
    op.execute(f'DROP FUNCTION "{S}".verifications_mask_number()')
    op.execute(f'ALTER TABLE "{S}".verifications DROP COLUMN document_number')
    op.execute(f'ALTER TABLE "{S}".verifications ALTER COLUMN document_number_masked SET NOT NULL')


def downgrade() -> None:
    op.execute(f'ALTER TABLE "{S}".verifications ALTER COLUMN document_number_masked DROP NOT NULL')
    op.execute(f'ALTER TABLE "{S}".verifications ADD COLUMN document_number text')
    op.execute(SYNC)


SYNC = f"""
CREATE FUNCTION "{S}".verifications_mask_number() RETURNS trigger
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
"""  # as 0004 created it
