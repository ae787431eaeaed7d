import type { MigrationInterface, QueryRunner } from 'typeorm';

// The id of the writing transaction, as a plain bigint. GET /sync pages by it: every
// transaction below pg_snapshot_xmin() has ended, so a cursor kept under that horizon
// never skips a row committed late by a transaction that began earlier.
const TXID_DEFAULT = '(pg_current_xact_id()::text)::bigint';

export class CreateMessaging1764400003000 implements MigrationInterface {
  name = 'CreateMessaging1764400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text,
        context_type text,
        context_id uuid,
        group_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        activity_at timestamptz NOT NULL DEFAULT now(),
        last_seq bigint NOT NULL DEFAULT 0,
        CONSTRAINT conversations_subject_length CHECK (char_length(btrim(subject)) BETWEEN 1 AND 200),
        CONSTRAINT conversations_context_type CHECK (context_type IN ('listing', 'demand', 'offer', 'deal', 'training', 'trade_fair')),
        CONSTRAINT conversations_context_pair CHECK ((context_type IS NULL) = (context_id IS NULL)),
        CONSTRAINT conversations_last_seq CHECK (last_seq >= 0)
      )`);
    // Group forums, found when a firm joins the group.
    await q.query('CREATE INDEX conversations_group_idx ON conversations (group_id) WHERE group_id IS NOT NULL');

    await q.query(`
      CREATE TABLE conversation_participants (
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        last_read_seq bigint NOT NULL DEFAULT 0,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (conversation_id, user_id),
        CONSTRAINT conversation_participants_last_read CHECK (last_read_seq >= 0)
      )`);
    // "My conversations" (GET /conversations, GET /sync) start from the user.
    await q.query('CREATE INDEX conversation_participants_user_idx ON conversation_participants (user_id, conversation_id)');

    // seq: the order within a conversation, assigned under the conversation's row lock, so
    // it is also the commit order and never changes. The sender must be a participant.
    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        sender_id uuid,
        client_message_id text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        txid bigint NOT NULL DEFAULT ${TXID_DEFAULT},
        CONSTRAINT messages_seq_positive CHECK (seq > 0),
        CONSTRAINT messages_body_length CHECK (char_length(body) BETWEEN 1 AND 4000 AND body ~ '\\S'),
        CONSTRAINT messages_client_message_id_format CHECK (client_message_id ~ '^[\\x21-\\x7e]{1,100}$'),
        CONSTRAINT messages_conversation_seq_key UNIQUE (conversation_id, seq),
        CONSTRAINT messages_client_message_key UNIQUE (conversation_id, sender_id, client_message_id),
        CONSTRAINT messages_sender_participant FOREIGN KEY (conversation_id, sender_id)
          REFERENCES conversation_participants (conversation_id, user_id) ON DELETE SET NULL (sender_id)
      )`);
    await q.query('CREATE INDEX messages_conversation_txid_idx ON messages (conversation_id, txid, id)');

    // One notification per (event, user, kind): a redelivered event inserts nothing.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        body text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        txid bigint NOT NULL DEFAULT ${TXID_DEFAULT},
        CONSTRAINT notifications_kind_format CHECK (kind ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$' AND length(kind) <= 100),
        CONSTRAINT notifications_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
        CONSTRAINT notifications_body_length CHECK (char_length(body) <= 1000),
        -- Small enough to travel in one NOTIFY to the other replicas.
        CONSTRAINT notifications_data_small_object CHECK (jsonb_typeof(data) = 'object' AND octet_length(data::text) <= 2000),
        CONSTRAINT notifications_event_user_kind_key UNIQUE (event_id, user_id, kind)
      )`);
    await q.query('CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC, id DESC)');
    await q.query('CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL');
    await q.query('CREATE INDEX notifications_user_txid_idx ON notifications (user_id, txid, id)');

    // @socket.io/postgres-adapter: packets over the NOTIFY limit travel through this table
    // (it deletes rows older than its cleanup interval itself).
    await q.query(`
      CREATE TABLE socket_io_attachments (
        id bigserial PRIMARY KEY,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
    await q.query('CREATE INDEX socket_io_attachments_created_idx ON socket_io_attachments (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS socket_io_attachments');
    await q.query('DROP TABLE IF EXISTS notifications');
    await q.query('DROP TABLE IF EXISTS messages');
    await q.query('DROP TABLE IF EXISTS conversation_participants');
    await q.query('DROP TABLE IF EXISTS conversations');
  }
}
