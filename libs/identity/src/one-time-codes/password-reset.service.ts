import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldError, MailSender, SmsSender, ValidationProblem } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { SessionsService } from '../sessions/sessions.service';
import { hashPassword } from '../users/password-hash';
import { passwordProblem } from '../users/password-policy';
import { normalizeEmail, normalizePhone } from '../users/phone-number';
import type { Locale } from '../users/user.entity';
import { codeSms, passwordResetMail } from './code-messages';
import type { ConfirmPasswordResetDto, PasswordResetRequestedDto, RequestPasswordResetDto } from './dto/one-time-code.dto';
import { invalidCode, OneTimeCodesService } from './one-time-codes.service';

type Destination = { channel: 'sms'; phone: string } | { channel: 'email'; email: string };

interface AccountRow {
  id: string;
  locale: Locale;
  phone_verified: boolean;
}

/**
 * A forgotten password is not a lost account: a code by SMS to the account's verified phone,
 * or by email, sets a new password and ends every session. Whether an account exists is
 * never told: every well-formed request gets the same 202.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codes: OneTimeCodesService,
    private readonly sessions: SessionsService,
    private readonly sms: SmsSender,
    private readonly mail: MailSender,
  ) {}

  async request(dto: RequestPasswordResetDto, reply: FastifyReply): Promise<PasswordResetRequestedDto> {
    const destination = parseDestination(dto, []);
    const address = destination.channel === 'sms' ? destination.phone : destination.email;
    await this.codes.countRequest(address, reply);
    const answer = { expiresInMinutes: this.codes.ttlMinutes };

    const account = await this.account(destination);
    if (!account) return answer;
    if (destination.channel === 'sms') {
      // An unproven number may not be the owner's: a code there could hand the account to a stranger.
      if (!account.phone_verified) {
        this.logger.log({ userId: account.id }, 'password reset asked for an unverified phone; no code sent');
        return answer;
      }
      if (!this.sms.enabled) {
        this.logger.warn({ userId: account.id }, 'password reset by SMS asked but SMS is not configured (SMS_GATEWAY); no code sent');
        return answer;
      }
      try {
        await this.dataSource.transaction(async (manager) => {
          const issued = await this.codes.issue(manager, { userId: account.id, purpose: 'password_reset', channel: 'sms', destination: address });
          // In the same transaction: the text leaves only if the code was stored.
          await this.sms.queue(
            { to: address, text: codeSms('password_reset', account.locale, issued.code, this.codes.ttlMinutes), key: `password-reset:${issued.id}` },
            manager,
          );
        });
      } catch (error) {
        // A 500 here, and only here, would tell that the account exists.
        this.logger.error({ err: error, userId: account.id }, 'the password-reset SMS could not be queued');
      }
      return answer;
    }

    if (!this.mail.enabled) {
      this.logger.warn({ userId: account.id }, 'password reset by email asked but email is not configured (SMTP_URL); no code sent');
      return answer;
    }
    const issued = await this.dataSource.transaction((manager) =>
      this.codes.issue(manager, { userId: account.id, purpose: 'password_reset', channel: 'email', destination: address }),
    );
    // Not awaited: the answer's speed must not tell that an account (and a mail to send) exists.
    const mail = passwordResetMail(account.locale, issued.code, this.codes.ttlMinutes);
    this.mail.send({ to: address, ...mail }).catch((error: unknown) => {
      this.logger.warn({ err: error, userId: account.id, codeId: issued.id }, 'the password-reset email could not be sent');
    });
    return answer;
  }

  async confirm(dto: ConfirmPasswordResetDto): Promise<void> {
    const errors: FieldError[] = [];
    const weak = passwordProblem(dto.newPassword);
    if (weak) errors.push({ field: 'newPassword', message: weak.replace(/^password/, 'newPassword') });
    const destination = parseDestination(dto, errors);
    // Hashed before the account is looked up: an unknown phone or email must not answer faster.
    const passwordHash = await hashPassword(dto.newPassword);
    const account = await this.account(destination);
    if (!account) throw invalidCode();

    const address = destination.channel === 'sms' ? destination.phone : destination.email;
    const revoked = await this.codes.consume({ userId: account.id, purpose: 'password_reset', destination: address, code: dto.code }, async (manager) => {
      await manager.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [account.id, passwordHash]);
      return this.sessions.revokeAllOf(manager, account.id);
    });
    for (const sessionId of revoked) this.sessions.revokedLocally(sessionId);
  }

  private async account(destination: Destination): Promise<AccountRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, locale, phone_verified_at IS NOT NULL AS phone_verified FROM users WHERE ${destination.channel === 'sms' ? 'phone' : 'email'} = $1`,
      [destination.channel === 'sms' ? destination.phone : destination.email],
    )) as AccountRow[];
    return row;
  }
}

/** The one phone or email of the request; throws 400 naming the field (with `errors` found before). */
function parseDestination(dto: RequestPasswordResetDto, errors: FieldError[]): Destination {
  let destination: Destination | undefined;
  if (dto.phone !== undefined && dto.email !== undefined) {
    errors.push({ field: 'email', message: 'give a phone or an email, not both' });
  } else if (dto.phone !== undefined) {
    const phone = normalizePhone(dto.phone);
    if (phone) destination = { channel: 'sms', phone };
    else errors.push({ field: 'phone', message: 'phone must be a valid phone number, e.g. 012 345 678 or +85512345678' });
  } else if (dto.email !== undefined) {
    destination = { channel: 'email', email: normalizeEmail(dto.email) };
  } else {
    errors.push({ field: 'phone', message: 'phone or email is required' });
  }
  if (errors.length > 0 || !destination) throw new ValidationProblem(errors);
  return destination;
}
