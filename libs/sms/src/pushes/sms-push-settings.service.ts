import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException, SmsSender } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { SmsPushSettingsDto, UpdateSmsPushKindsDto } from './dto/sms-push-settings.dto';
import { SMS_PUSH_KINDS, type SmsPushKind } from './sms-push-kinds';

/**
 * Which notifications a person also gets by SMS. Off for everyone by default: an SMS costs
 * and interrupts, so it is asked for. The SMS REGISTER flow turns every kind on (enableAll),
 * since a person who signed up from a phone keypad has no other way to hear of an order.
 * A row per chosen kind; no row, no SMS.
 */
@Injectable()
export class SmsPushSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: SmsSender,
  ) {}

  async get(userId: string): Promise<SmsPushSettingsDto> {
    const [user] = (await this.dataSource.query('SELECT phone FROM users WHERE id = $1', [userId])) as Array<{ phone: string | null }>;
    const rows = (await this.dataSource.query('SELECT kind FROM sms_push_settings WHERE user_id = $1', [userId])) as Array<{ kind: SmsPushKind }>;
    const chosen = new Set(rows.map((r) => r.kind));
    const kinds = Object.fromEntries(SMS_PUSH_KINDS.map((k) => [k, chosen.has(k)])) as Record<SmsPushKind, boolean>;
    return { kinds, phone: user?.phone ?? null, smsAvailable: this.sender.enabled };
  }

  /** Sets the kinds given, leaves the others. Turning one on needs a phone on the account. */
  async update(userId: string, kinds: UpdateSmsPushKindsDto): Promise<SmsPushSettingsDto> {
    const on = SMS_PUSH_KINDS.filter((k) => kinds[k] === true);
    const off = SMS_PUSH_KINDS.filter((k) => kinds[k] === false);
    await this.dataSource.transaction(async (manager) => {
      if (on.length > 0) {
        const [user] = (await manager.query('SELECT phone FROM users WHERE id = $1', [userId])) as Array<{ phone: string | null }>;
        if (!user?.phone) {
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'phone-required',
            'Add a phone number to your account before choosing SMS',
            on.map((k) => ({ field: `kinds.${k}`, message: 'your account has no phone number to send SMS to' })),
          );
        }
        await this.insert(manager, userId, on);
      }
      if (off.length > 0) await manager.query('DELETE FROM sms_push_settings WHERE user_id = $1 AND kind = ANY($2::text[])', [userId, off]);
    });
    return this.get(userId);
  }

  /** Every kind on: for an account opened by SMS (REGISTER), in that flow's transaction when given. */
  async enableAll(userId: string, manager?: EntityManager): Promise<void> {
    await this.insert(manager ?? this.dataSource.manager, userId, [...SMS_PUSH_KINDS]);
  }

  private async insert(manager: EntityManager, userId: string, kinds: SmsPushKind[]): Promise<void> {
    await manager.query(
      `INSERT INTO sms_push_settings (user_id, kind) SELECT $1, k FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING`,
      [userId, kinds],
    );
  }
}
