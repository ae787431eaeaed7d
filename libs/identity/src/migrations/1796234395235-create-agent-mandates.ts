import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mandates: an agent organization (a village agent, a cooperative) may act for a producer's
 * organization once the producer consented by SMS. The rules live here:
 * - one live (pending or active) mandate per (agent, producer): registering again finds it;
 * - a mandate is active only with a recorded consent, and ends once (withdrawn by the
 *   producer or ended by the agent), never both;
 * - a consent code names one live mandate of the producer's number, so `YES <code>` is never ambiguous.
 */
export class CreateAgentMandates1796234395235 implements MigrationInterface {
  name = 'CreateAgentMandates1796234395235';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_mandates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        producer_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        producer_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        registered_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        consented_at timestamptz,
        consent_sms_id text,
        withdrawn_at timestamptz,
        withdrawal_sms_id text,
        ended_at timestamptz,
        ended_by uuid REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT agent_mandates_not_self CHECK (agent_organization_id <> producer_organization_id),
        CONSTRAINT agent_mandates_code CHECK (code ~ '^[0-9]{4,8}$'),
        CONSTRAINT agent_mandates_status CHECK (status IN ('pending', 'active', 'withdrawn', 'ended')),
        CONSTRAINT agent_mandates_active_consented CHECK (status <> 'active' OR consented_at IS NOT NULL),
        CONSTRAINT agent_mandates_withdrawn CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)),
        CONSTRAINT agent_mandates_ended CHECK ((status = 'ended') = (ended_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX agent_mandates_one_live ON agent_mandates (agent_organization_id, producer_organization_id)
        WHERE status IN ('pending', 'active')`);
    await q.query(`
      CREATE UNIQUE INDEX agent_mandates_live_code ON agent_mandates (producer_user_id, code)
        WHERE status IN ('pending', 'active')`);
    // assertCanAct: the active mandates over a producer's organization.
    await q.query(`CREATE INDEX agent_mandates_producer_idx ON agent_mandates (producer_organization_id) WHERE status = 'active'`);
    // The agent's page: its mandates, newest first.
    await q.query('CREATE INDEX agent_mandates_agent_idx ON agent_mandates (agent_organization_id, created_at DESC, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS agent_mandates');
  }
}
