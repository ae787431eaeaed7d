import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException, SmsSender } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Locale } from '../users/user.entity';
import { codeSms } from './code-messages';
import type { CodeSentDto } from './dto/one-time-code.dto';
import { OneTimeCodesService } from './one-time-codes.service';

interface PhoneRow {
  phone: string | null;
  locale: Locale;
  verified: boolean;
}

/**
 * An account made on the web proves its phone by a code sent there by SMS. Only a verified
 * phone may receive a password-reset code.
 */
@Injectable()
export class PhoneVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codes: OneTimeCodesService,
    private readonly sms: SmsSender,
  ) {}

  async send(userId: string, reply: FastifyReply): Promise<CodeSentDto> {
    const user = await this.phoneOf(userId);
    if (!user.phone) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'no-phone', 'This account has no phone number to verify', [
        { field: 'phone', message: 'the account has no phone number' },
      ]);
    }
    if (user.verified) throw new ProblemException(HttpStatus.CONFLICT, 'phone-already-verified', 'This phone number is already verified');
    if (!this.sms.enabled) throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'sms-unavailable', 'SMS is not available on this server');
    const phone = user.phone;
    await this.codes.countRequest(phone, reply);
    await this.dataSource.transaction(async (manager) => {
      const issued = await this.codes.issue(manager, { userId, purpose: 'phone_verification', channel: 'sms', destination: phone });
      await this.sms.queue(
        { to: phone, text: codeSms('phone_verification', user.locale, issued.code, this.codes.ttlMinutes), key: `phone-verification:${issued.id}` },
        manager,
      );
    });
    return { expiresInMinutes: this.codes.ttlMinutes };
  }

  async confirm(userId: string, code: string): Promise<void> {
    const user = await this.phoneOf(userId);
    if (!user.phone) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'no-phone', 'This account has no phone number to verify');
    const phone = user.phone;
    await this.codes.consume({ userId, purpose: 'phone_verification', destination: phone, code }, async (manager) => {
      // `phone = $2`: the code proves the number it was sent to, not whatever the account holds now.
      await manager.query('UPDATE users SET phone_verified_at = now(), updated_at = now() WHERE id = $1 AND phone = $2 AND phone_verified_at IS NULL', [
        userId,
        phone,
      ]);
    });
  }

  private async phoneOf(userId: string): Promise<PhoneRow> {
    const [row] = (await this.dataSource.query('SELECT phone, locale, phone_verified_at IS NOT NULL AS verified FROM users WHERE id = $1', [userId])) as PhoneRow[];
    if (!row) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'This account no longer exists');
    return row;
  }
}
