import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An owner or manager adds a person by phone number; a number with no account gets an
 * invitation, honoured when someone signs up with that number (AuthService.register).
 * - one pending invitation per (organization, phone): a partial unique index, so inviting
 *   again (or twenty times at once) updates the one row;
 * - an invitation ends once, by acceptance or revocation, never both.
 */
export class CreateMemberInvitations1796169257583 implements MigrationInterface {
  name = 'CreateMemberInvitations1796169257583';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        phone text NOT NULL,
        role text NOT NULL,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT member_invitations_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        CONSTRAINT member_invitations_role CHECK (role IN ('owner', 'manager', 'member')),
        CONSTRAINT member_invitations_expiry CHECK (expires_at > created_at),
        CONSTRAINT member_invitations_ends_once CHECK (accepted_at IS NULL OR revoked_at IS NULL),
        CONSTRAINT member_invitations_accepted_by CHECK (accepted_at IS NOT NULL OR accepted_by IS NULL)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX member_invitations_one_pending ON member_invitations (organization_id, phone)
        WHERE accepted_at IS NULL AND revoked_at IS NULL`);
    // Sign-up looks up the pending invitations of its phone number.
    await q.query('CREATE INDEX member_invitations_pending_phone_idx ON member_invitations (phone) WHERE accepted_at IS NULL AND revoked_at IS NULL');
    // The managers' list: an organization's pending invitations, newest first.
    await q.query(`
      CREATE INDEX member_invitations_organization_idx ON member_invitations (organization_id, created_at DESC, id DESC)
        WHERE accepted_at IS NULL AND revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS member_invitations');
  }
}
