import { searchableTextOrNull } from '@psar/platform';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { lockPhone } from '../invitations/member-invitations.service';
import { hashPassword } from './password-hash';
import type { Locale } from './user.entity';

export interface PhoneAccount {
  id: string;
  name: string;
  locale: Locale;
}

/** The account of a phone number (E.164), if any: the SMS channel links a number to it. */
export async function findUserByPhone(manager: EntityManager, phone: string): Promise<PhoneAccount | null> {
  const rows = (await manager.query('SELECT id, name, locale FROM users WHERE phone = $1', [phone])) as PhoneAccount[];
  return rows[0] ?? null;
}

/**
 * An account for a phone number that registered by SMS: the message came from that SIM,
 * which proves the number. It has no password anyone knows (a random one, hashed) until its
 * owner sets one by a reset code. When the number already has an account, that one is
 * returned with `created: false`. Call inside the caller's transaction.
 */
export async function registerByPhone(
  manager: EntityManager,
  input: { phone: string; name: string; locale: Locale },
): Promise<PhoneAccount & { created: boolean }> {
  // The same lock as the web sign-up and member invitations take for this number.
  await lockPhone(manager, input.phone);
  const existing = await findUserByPhone(manager, input.phone);
  if (existing) return { ...existing, created: false };
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const [row] = (await manager.query(
    // The message came from the SIM: the number is verified by it.
    `INSERT INTO users (phone, phone_verified_at, name, password_hash, locale) VALUES ($1, now(), $2, $3, $4) RETURNING id, name, locale`,
    [input.phone, input.name.trim().slice(0, 120), passwordHash, input.locale],
  )) as PhoneAccount[];
  return { ...row!, created: true };
}

/**
 * A producer who registered by SMS sells as a one-person firm of their own name in their
 * province, since a listing belongs to an organization. Made once: a user who already may
 * sell for a firm keeps that one. Call inside the caller's transaction.
 */
export async function ensureSellingFirm(
  manager: EntityManager,
  input: { userId: string; name: string; provinceCode: string; phone: string },
): Promise<{ organizationId: string; created: boolean }> {
  const [existing] = (await manager.query(
    `SELECT m.organization_id FROM memberships m JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = $1 AND m.role IN ('owner', 'manager') AND 'sell' = ANY(o.capabilities)
     ORDER BY m.created_at LIMIT 1`,
    [input.userId],
  )) as Array<{ organization_id: string }>;
  if (existing) return { organizationId: existing.organization_id, created: false };
  const name = input.name.trim().slice(0, 200);
  const [row] = (await manager.query(
    `INSERT INTO organizations (name, search_name, kind, capabilities, province_code, phone)
     VALUES ($1, $2, 'firm', ARRAY['sell'], $3, $4) RETURNING id`,
    [name, searchableTextOrNull(name), input.provinceCode, input.phone],
  )) as Array<{ id: string }>;
  await manager.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [row!.id, input.userId]);
  return { organizationId: row!.id, created: true };
}
