import type { Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';

// The demo accounts made by identity's demo seeder (libs/identity/src/demo/identity-demo.ts).
const BUYER = 'buyer@demo.psar.example';
const TILE_MAKER = 'tiles@demo.psar.example';
const FISH_GROUP = 'fish-group@demo.psar.example';
const POND_FARM = 'pond@demo.psar.example';

interface DemoMessage {
  from: string;
  body: string;
  minutesAgo: number;
}

/**
 * DEMO ONLY: the construction firm asking the tile makers' cooperative about roof tiles,
 * and the fish farmers' working group forum. Runs after identity's demo seeder.
 */
export const messagingDemoSeeder: Seeder = async (manager: EntityManager) => {
  const people = await demoPeople(manager, [BUYER, TILE_MAKER, FISH_GROUP, POND_FARM]);

  await conversation(manager, people, {
    subject: '40,000 grade-A clay roof tiles to Phnom Penh by 1 March',
    groupOf: null,
    members: [BUYER, TILE_MAKER],
    messages: [
      { from: BUYER, minutesAgo: 180, body: 'Hello, we are building a school in Chamkar Mon and need 40,000 grade-A roof tiles by 1 March. Can your kilns supply that together?' },
      { from: TILE_MAKER, minutesAgo: 150, body: 'ជម្រាបសួរ! Yes: twelve of our family kilns can pool it. 30,000 are ready now, the rest in three weeks.' },
      { from: BUYER, minutesAgo: 120, body: 'Good. What price per tile, delivered to Phnom Penh?' },
      { from: TILE_MAKER, minutesAgo: 90, body: '550 riel per tile delivered, 500 if you collect in Prey Veng. We can send samples this week.' },
    ],
  });

  await conversation(manager, people, {
    subject: 'Fingerling order for the dry season',
    groupOf: FISH_GROUP,
    members: [FISH_GROUP, POND_FARM],
    messages: [
      { from: FISH_GROUP, minutesAgo: 600, body: 'Who needs tilapia fingerlings this season? Golden Harvest gives 10% off if we order 50,000 together.' },
      { from: POND_FARM, minutesAgo: 540, body: 'ខ្ញុំត្រូវការ ៨០០០ ក្បាល — 8,000 for my two ponds, please.' },
    ],
  });
};

async function demoPeople(manager: EntityManager, emails: string[]): Promise<Map<string, { userId: string; organizationId: string }>> {
  const rows = (await manager.query(
    `SELECT u.email, u.id AS user_id, m.organization_id FROM users u JOIN memberships m ON m.user_id = u.id
     WHERE u.email = ANY($1::text[]) AND m.role = 'owner'`,
    [emails],
  )) as Array<{ email: string; user_id: string; organization_id: string }>;
  const people = new Map(rows.map((r) => [r.email, { userId: r.user_id, organizationId: r.organization_id }]));
  const missing = emails.filter((e) => !people.has(e));
  if (missing.length > 0) throw new Error(`messaging demo: identity's demo users are missing (${missing.join(', ')})`);
  return people;
}

async function conversation(
  manager: EntityManager,
  people: Map<string, { userId: string; organizationId: string }>,
  spec: { subject: string; groupOf: string | null; members: string[]; messages: DemoMessage[] },
): Promise<void> {
  const starter = people.get(spec.messages[0]!.from)!;
  const lastAgo = spec.messages[spec.messages.length - 1]!.minutesAgo;
  const [row] = (await manager.query(
    `INSERT INTO conversations (subject, group_id, created_by, created_at, activity_at, last_seq)
     VALUES ($1, $2, $3, now() - make_interval(mins => $4), now() - make_interval(mins => $5), $6) RETURNING id`,
    [spec.subject, spec.groupOf ? people.get(spec.groupOf)!.organizationId : null, starter.userId, spec.messages[0]!.minutesAgo, lastAgo, spec.messages.length],
  )) as Array<{ id: string }>;
  const conversationId = row!.id;
  for (const email of spec.members) {
    const person = people.get(email)!;
    // Each has read up to their own last message.
    const lastOwn = spec.messages.reduce((seq, m, i) => (m.from === email ? i + 1 : seq), 0);
    await manager.query(
      'INSERT INTO conversation_participants (conversation_id, user_id, organization_id, last_read_seq) VALUES ($1, $2, $3, $4)',
      [conversationId, person.userId, person.organizationId, lastOwn],
    );
  }
  for (const [index, message] of spec.messages.entries()) {
    await manager.query(
      `INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, body, created_at)
       VALUES ($1, $2, $3, $4, $5, now() - make_interval(mins => $6))`,
      [conversationId, index + 1, people.get(message.from)!.userId, `demo-${index + 1}`, message.body, message.minutesAgo],
    );
  }
}
