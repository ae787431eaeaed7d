import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Environment, FieldError, ProblemException, sqlState, ValidationProblem, violatedConstraint } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { lockPhone, MemberInvitationsService } from '../invitations/member-invitations.service';
import { LoginAttemptsService } from '../rate-limit/login-attempts.service';
import { rateLimited } from '../rate-limit/rate-limited.exception';
import { UserDto } from '../users/dto/user.dto';
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../users/password-hash';
import { passwordProblem } from '../users/password-policy';
import { normalizeEmail, normalizePhone, parseLogin } from '../users/phone-number';
import { User } from '../users/user.entity';
import { SessionsService } from '../sessions/sessions.service';
import { AccessTokenService } from './access-token.service';
import type { AuthenticatedUser } from './authenticated-user';
import type { LoginDto } from './dto/login.dto';
import type { RegisterDto } from './dto/register.dto';
import type { SessionDto, TokenPairDto } from './dto/session.dto';
import { generateRefreshToken, hashRefreshToken, REFRESH_TOKEN_PATTERN } from './refresh-token';

// One message for an unknown login and a wrong password, so neither reveals which logins exist.
const BAD_CREDENTIALS = 'The login or the password is wrong';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accessTokens: AccessTokenService,
    private readonly loginAttempts: LoginAttemptsService,
    private readonly sessions: SessionsService,
    private readonly env: Environment,
    private readonly invitations: MemberInvitationsService,
  ) {}

  async register(dto: RegisterDto): Promise<SessionDto> {
    const errors: FieldError[] = [];
    const phone = dto.phone === undefined ? null : normalizePhone(dto.phone);
    if (dto.phone !== undefined && phone === null) {
      errors.push({ field: 'phone', message: 'phone must be a valid phone number, e.g. 012 345 678 or +85512345678' });
    }
    if (dto.phone === undefined && dto.email === undefined) {
      errors.push({ field: 'phone', message: 'phone or email is required' });
    }
    if (dto.name.trim().length === 0) errors.push({ field: 'name', message: 'name must not be empty' });
    const weak = passwordProblem(dto.password);
    if (weak) errors.push({ field: 'password', message: weak });
    if (errors.length > 0) throw new ValidationProblem(errors);

    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Before the insert: an invitation to this number in flight either commits first and
        // is accepted below, or waits and then finds this account (MemberInvitationsService).
        if (phone) await lockPhone(manager, phone);
        const inserted = await manager.getRepository(User).insert({
          name: dto.name.trim(),
          phone,
          email: dto.email === undefined ? null : normalizeEmail(dto.email),
          passwordHash,
          locale: dto.locale ?? 'km',
        });
        const user = await manager.getRepository(User).findOneByOrFail({ id: inserted.identifiers[0]!.id as string });
        // Sign-up does not prove the number yet (no code is sent), so its pending invitations are honoured here.
        if (phone) await this.invitations.acceptPending(manager, user.id, phone);
        return { user: UserDto.from(user), ...(await this.issue(manager, user.id, randomUUID())) };
      });
    } catch (error) {
      throw alreadyRegistered(error) ?? error;
    }
  }

  async login(dto: LoginDto, ip: string, reply: FastifyReply): Promise<SessionDto> {
    const login = parseLogin(dto.login);
    const attempt = await this.loginAttempts.begin(login.kind === 'invalid' ? dto.login.trim().toLowerCase() : JSON.stringify(login), ip);
    if (attempt.retryAfter > 0) throw rateLimited(reply, attempt.retryAfter, 'Too many failed sign-ins; try again later');

    const user =
      login.kind === 'invalid'
        ? null
        : await this.dataSource
            .getRepository(User)
            .createQueryBuilder('u')
            .addSelect('u.passwordHash')
            .where(login.kind === 'email' ? 'u.email = :value' : 'u.phone = :value', {
              value: login.kind === 'email' ? login.email : login.phone,
            })
            .getOne();
    const valid = user ? await verifyPassword(user.passwordHash, dto.password) : await verifyAgainstNothing(dto.password);
    if (!user || !valid) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'bad-credentials', BAD_CREDENTIALS);

    await attempt.succeeded();
    const tokens = await this.dataSource.transaction((manager) => this.issue(manager, user.id, randomUUID()));
    return { user: UserDto.from(user), ...tokens };
  }

  /**
   * Rotates a refresh token. Presenting one that was already rotated means two parties
   * hold the family (one of them stole it): the whole family is revoked, so the newer
   * token stops working too and the user must sign in again.
   */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const invalid = () => new ProblemException(HttpStatus.UNAUTHORIZED, 'invalid-refresh-token', 'The refresh token is invalid, expired or revoked');
    if (!REFRESH_TOKEN_PATTERN.test(refreshToken)) throw invalid();
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ pair?: TokenPairDto; revokedSession?: string }> => {
      // FOR UPDATE: of two simultaneous refreshes with one token, the second sees it rotated.
      const [row] = (await manager.query(
        `SELECT id, user_id, family_id, expires_at <= now() AS expired, rotated_at IS NOT NULL AS rotated,
                revoked_at IS NOT NULL AS revoked
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [hashRefreshToken(refreshToken)],
      )) as Array<{ id: string; user_id: string; family_id: string; expired: boolean; rotated: boolean; revoked: boolean }>;
      if (!row || row.revoked || row.expired) return {};
      if (row.rotated) {
        await this.sessions.revoke(manager, row.family_id);
        return { revokedSession: row.family_id };
      }
      const pair = await this.issue(manager, row.user_id, row.family_id);
      await manager.query(
        `UPDATE refresh_tokens SET rotated_at = now(),
           replaced_by = (SELECT id FROM refresh_tokens WHERE token_hash = $2)
         WHERE id = $1`,
        [row.id, hashRefreshToken(pair.refreshToken)],
      );
      return { pair };
    });
    if (outcome.revokedSession) this.sessions.revokedLocally(outcome.revokedSession);
    if (!outcome.pair) throw invalid();
    return outcome.pair;
  }

  /**
   * Ends the session the access token belongs to: its refresh tokens stop working, and its
   * access tokens and sockets are refused on every replica (SessionsService).
   */
  async logout(user: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction((manager) => this.sessions.revoke(manager, user.sessionId, user.id));
    this.sessions.revokedLocally(user.sessionId);
  }

  private async issue(manager: EntityManager, userId: string, familyId: string): Promise<TokenPairDto> {
    const refreshToken = generateRefreshToken();
    await manager.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [userId, familyId, hashRefreshToken(refreshToken), this.env.REFRESH_TOKEN_TTL_DAYS],
    );
    const accessToken = await this.accessTokens.sign({ id: userId, sessionId: familyId });
    return { accessToken, refreshToken, expiresIn: this.env.JWT_ACCESS_TTL_SECONDS };
  }
}

function alreadyRegistered(error: unknown): ProblemException | undefined {
  if (sqlState(error) !== '23505') return undefined;
  const field = violatedConstraint(error) === 'users_email_key' ? 'email' : 'phone';
  return new ProblemException(HttpStatus.CONFLICT, 'already-registered', `An account with this ${field} already exists`, [
    { field, message: `${field} is already registered` },
  ]);
}
