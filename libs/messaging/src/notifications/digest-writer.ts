import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Environment } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationRow } from './dto/notification.dto';
import { planDigests } from './digest-plan';
import {
  clip,
  DIGEST_BEST_FEW,
  FOLDED_DIGEST_KEY,
  MAX_BODY_LENGTH,
  MAX_DATA_BYTES,
  MAX_TITLE_LENGTH,
  NotificationDigest,
} from './notification-draft';

/** One event's item for one user, as expanded from a draft with a `digest`. */
export interface DigestItem {
  eventId: string;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  digest: NotificationDigest;
}

export interface WrittenDigest {
  userId: string;
  row: NotificationRow;
  /** True when this delivery created it; otherwise an open digest took new items. */
  created: boolean;
}

const COLUMNS = 'id, kind, title, body, data, item_count, created_at, read_at';

/**
 * Writes digest items in one transaction, with a handful of statements whatever the number
 * of items: which items are new (keyed by user, kind and event: a redelivery counts nothing
 * twice), the digests they land in (one upsert on the open-digest index, so two replicas meet
 * on one row), the items, then the text of the digests that changed. A transaction-scoped
 * advisory lock per (user, kind), taken in one order, serializes the writers of one person's
 * kind: it keeps the new-item check and the hourly limit exact across concurrent deliveries.
 */
@Injectable()
export class DigestWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  async write(all: DigestItem[]): Promise<WrittenDigest[]> {
    // One item per (user, kind, event), however often the event appears in the batch.
    const items = [...new Map(all.map((i) => [`${i.userId} ${i.kind} ${i.eventId}`, i])).values()];
    if (items.length === 0) return [];
    return this.dataSource.transaction((manager) => this.writeIn(manager, items));
  }

  private async writeIn(manager: EntityManager, items: DigestItem[]): Promise<WrittenDigest[]> {
    const groupKey = (i: { userId: string; kind: string }) => `${i.userId} ${i.kind}`;
    const groups = [...new Set(items.map(groupKey))].sort();
    await manager.query(
      `SELECT pg_advisory_xact_lock(l.k) FROM (SELECT DISTINCT hashtextextended(g, 7) AS k FROM unnest($1::text[]) AS g ORDER BY 1) AS l`,
      [groups],
    );

    // 1. The new items: what an earlier delivery stored is left out. Every writer of a
    // (user, kind)'s items holds its lock, so nothing can slip in between this and step 5.
    // An event that already has a notification of its own (written one per event, before
    // digests existed, and redelivered since) is left out too: the user has heard of it, and
    // a digest for it would break notifications_event_user_kind_key.
    const fresh = (await manager.query(
      `SELECT i.user_id, i.kind, i.event_id
       FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS i (user_id, kind, event_id)
       WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id)
         AND NOT EXISTS (SELECT 1 FROM notification_digest_items d WHERE d.user_id = i.user_id AND d.kind = i.kind AND d.event_id = i.event_id)
         AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.event_id = i.event_id AND n.user_id = i.user_id AND n.kind = i.kind)`,
      [items.map((i) => i.userId), items.map((i) => i.kind), items.map((i) => i.eventId)],
    )) as Array<{ user_id: string; kind: string; event_id: string }>;
    if (fresh.length === 0) return [];
    const isFresh = new Set(fresh.map((f) => `${f.user_id} ${f.kind} ${f.event_id}`));
    const newItems = items.filter((i) => isFresh.has(`${groupKey(i)} ${i.eventId}`));

    // 2. Which digests are open, and how many of each kind each user got this hour.
    const pairs = [...new Map(newItems.map((i) => [groupKey(i), i])).values()];
    const [open, recent] = (await Promise.all([
      manager.query(
        `SELECT n.user_id, n.kind, n.digest_key FROM notifications n
         JOIN unnest($1::uuid[], $2::text[]) AS p (user_id, kind) ON n.user_id = p.user_id AND n.kind = p.kind
         WHERE n.read_at IS NULL AND n.digest_key IS NOT NULL`,
        [pairs.map((p) => p.userId), pairs.map((p) => p.kind)],
      ),
      // notifications_user_created_idx
      manager.query(
        `SELECT n.user_id, n.kind, count(*)::int AS n FROM notifications n
         JOIN unnest($1::uuid[], $2::text[]) AS p (user_id, kind) ON n.user_id = p.user_id AND n.kind = p.kind
         WHERE n.created_at > now() - interval '1 hour' GROUP BY n.user_id, n.kind`,
        [pairs.map((p) => p.userId), pairs.map((p) => p.kind)],
      ),
    ])) as [Array<{ user_id: string; kind: string; digest_key: string }>, Array<{ user_id: string; kind: string; n: number }>];
    const openKeys = new Map<string, Set<string>>();
    for (const o of open) {
      const g = `${o.user_id} ${o.kind}`;
      openKeys.set(g, (openKeys.get(g) ?? new Set()).add(o.digest_key));
    }
    const recentCount = new Map(recent.map((r) => [`${r.user_id} ${r.kind}`, r.n]));

    // 3. Each item's digest: its own key, or the folded one past the hourly limit.
    const targets = new Map<string, { first: DigestItem; key: string; items: DigestItem[] }>();
    for (const g of new Set(newItems.map(groupKey))) {
      const ofGroup = newItems.filter((i) => groupKey(i) === g);
      const keys = planDigests(
        { itemKeys: ofGroup.map((i) => i.digest.key), openKeys: openKeys.get(g) ?? new Set(), createdLastHour: recentCount.get(g) ?? 0 },
        this.env.NOTIFICATIONS_PER_KIND_PER_HOUR,
      );
      ofGroup.forEach((item, n) => {
        const key = keys[n]!;
        const t = `${g} ${key}`;
        const target = targets.get(t) ?? { first: item, key, items: [] };
        target.items.push(item);
        targets.set(t, target);
      });
    }

    // 4. One upsert for every digest touched: a new one starts with its first item's text.
    const list = [...targets.values()].sort((a, b) => (groupKey(a.first) + a.key < groupKey(b.first) + b.key ? -1 : 1));
    const upserted = (await manager.query(
      `INSERT INTO notifications (event_id, user_id, kind, digest_key, item_count, title, body, data)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::jsonb[])
       ON CONFLICT (user_id, kind, digest_key) WHERE read_at IS NULL AND digest_key IS NOT NULL
       DO UPDATE SET item_count = notifications.item_count + EXCLUDED.item_count, updated_at = now(),
                     txid = (pg_current_xact_id()::text)::bigint
       RETURNING user_id, digest_key, (xmax = 0) AS created, ${COLUMNS}`,
      [
        list.map((t) => t.first.eventId),
        list.map((t) => t.first.userId),
        list.map((t) => t.first.kind),
        list.map((t) => t.key),
        list.map((t) => t.items.length),
        list.map((t) => t.first.title),
        list.map((t) => t.first.body),
        list.map((t) => JSON.stringify(t.key === FOLDED_DIGEST_KEY ? {} : t.first.data)),
      ],
    )) as Array<NotificationRow & { user_id: string; digest_key: string; created: boolean }>;
    const rowOf = new Map(upserted.map((r) => [`${r.user_id} ${r.kind} ${r.digest_key}`, r]));

    // 5. The items, each with its digest. (The primary key stays the guarantee: a conflict here would fail the delivery, to be retried.)
    const placed = list.flatMap((t) => t.items.map((i) => ({ item: i, id: rowOf.get(`${groupKey(t.first)} ${t.key}`)!.id })));
    await manager.query(
      `INSERT INTO notification_digest_items (user_id, kind, event_id, notification_id, label, score)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::float8[])`,
      [
        placed.map((p) => p.item.userId),
        placed.map((p) => p.item.kind),
        placed.map((p) => p.item.eventId),
        placed.map((p) => p.id),
        placed.map((p) => clip(p.item.digest.label, MAX_TITLE_LENGTH) || '…'),
        placed.map((p) => p.item.digest.score ?? 0),
      ],
    );

    // 6. Digests of two items or more (or folded) get their text from the best few.
    const summarized = list
      .map((t) => ({ t, row: rowOf.get(`${groupKey(t.first)} ${t.key}`)! }))
      .filter(({ t, row }) => row.item_count > 1 || t.key === FOLDED_DIGEST_KEY);
    const rewritten = new Map<string, NotificationRow>();
    if (summarized.length > 0) {
      // The first few rows of notification_digest_items_best_idx per digest: a digest of thousands reads three.
      const best = (await manager.query(
        `SELECT n.id AS notification_id, b.label
         FROM unnest($1::uuid[]) WITH ORDINALITY AS n (id, ord)
         CROSS JOIN LATERAL (
           SELECT label FROM notification_digest_items WHERE notification_id = n.id
           ORDER BY score DESC, created_at, event_id LIMIT $2
         ) AS b`,
        [summarized.map((s) => s.row.id), DIGEST_BEST_FEW],
      )) as Array<{ notification_id: string; label: string }>;
      const texts = summarized.map(({ t, row }) => {
        const labels = best.filter((b) => b.notification_id === row.id).map((b) => b.label);
        // The newest item's drafter speaks for the kind (all drafts of one kind share their wording).
        const latest = t.items[t.items.length - 1]!;
        const text = latest.digest.summarize({ count: row.item_count, best: labels, folded: t.key === FOLDED_DIGEST_KEY });
        const data = text.data ?? row.data;
        if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) throw new Error(`notifications: digest data of "${row.kind}" is over ${MAX_DATA_BYTES} bytes`);
        const title = clip(text.title, MAX_TITLE_LENGTH);
        if (!title) throw new Error(`notifications: digest of "${row.kind}" has an empty title`);
        return { id: row.id, title, body: text.body?.trim() ? clip(text.body, MAX_BODY_LENGTH) : null, data };
      });
      const rows = (await manager.query(
        `UPDATE notifications n SET title = u.title, body = u.body, data = u.data
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) AS u (id, title, body, data)
         WHERE n.id = u.id
         RETURNING ${COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')}`,
        [texts.map((x) => x.id), texts.map((x) => x.title), texts.map((x) => x.body), texts.map((x) => JSON.stringify(x.data))],
      )) as NotificationRow[];
      for (const row of rows) rewritten.set(row.id, row);
    }
    return upserted.map((r) => ({ userId: r.user_id, created: r.created, row: rewritten.get(r.id) ?? r }));
  }
}
