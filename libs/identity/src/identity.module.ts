import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { getOptionsToken, getStorageToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { CatalogModule } from '@psar/catalog';
import { MediaModule } from '@psar/media';
import { Environment } from '@psar/platform';
import { createSecretKey } from 'node:crypto';
import { OrganizationAccessGuard } from './access/acting-for.decorator';
import { OrganizationAccessService } from './access/organization-access.service';
import { AgentMandatesService } from './agents/agent-mandates.service';
import { AgentsController } from './agents/agents.controller';
import { AccessTokenService, DEVELOPMENT_JWT_SECRET, JWT_AUDIENCE, JWT_ISSUER } from './auth/access-token.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { MemberInvitationsController } from './invitations/member-invitations.controller';
import { MemberInvitationsService } from './invitations/member-invitations.service';
import { OneTimeCodesService } from './one-time-codes/one-time-codes.service';
import { PasswordResetController } from './one-time-codes/password-reset.controller';
import { PasswordResetService } from './one-time-codes/password-reset.service';
import { PhoneVerificationController } from './one-time-codes/phone-verification.controller';
import { PhoneVerificationService } from './one-time-codes/phone-verification.service';
import { OrganizationPhotosController } from './organizations/organization-photos.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationDirectory } from './organizations/organization-directory.service';
import { OrganizationReputationService } from './organizations/organization-reputation.service';
import { OrganizationsService } from './organizations/organizations.service';
import { LoginAttemptsService } from './rate-limit/login-attempts.service';
import { PostgresThrottlerStorage } from './rate-limit/postgres-throttler.storage';
import { REGISTER_THROTTLER, RegisterThrottlerGuard } from './rate-limit/register-throttler.guard';
import { IdentityHousekeepingService } from './housekeeping/identity-housekeeping.service';
import { SessionsService } from './sessions/sessions.service';
import { MeController } from './users/me.controller';
import { UsersService } from './users/users.service';

/**
 * Users, auth, organizations, memberships and groups. Other modules import it for
 * `@Authenticated()`, `@ActingFor()`, `@Idempotent()` and `OrganizationAccessService`.
 */
@Module({
  imports: [
    CatalogModule,
    MediaModule,
    JwtModule.registerAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries to parse it as
        // a PEM public key on every verify and sign (a thrown error, about 0.7 ms of CPU per
        // request) before taking it as the HMAC secret, the same bytes as here.
        secret: createSecretKey(Buffer.from(env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: env.JWT_ACCESS_TTL_SECONDS, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController, PasswordResetController, MeController, PhoneVerificationController, OrganizationsController, MemberInvitationsController, OrganizationPhotosController, GroupsController, AgentsController],
  providers: [
    AccessTokenService,
    SessionsService,
    AuthGuard,
    AuthService,
    UsersService,
    OrganizationsService,
    MemberInvitationsService,
    OrganizationAccessService,
    OrganizationAccessGuard,
    AgentMandatesService,
    OrganizationDirectory,
    OrganizationReputationService,
    GroupsService,
    IdempotencyInterceptor,
    PostgresThrottlerStorage,
    LoginAttemptsService,
    RegisterThrottlerGuard,
    IdentityHousekeepingService,
    OneTimeCodesService,
    PasswordResetService,
    PhoneVerificationService,
    // @nestjs/throttler's guard reads these two tokens; the counters live in Postgres.
    { provide: getStorageToken(), useExisting: PostgresThrottlerStorage },
    {
      provide: getOptionsToken(),
      inject: [Environment],
      useFactory: (env: Environment): ThrottlerModuleOptions => ({
        throttlers: [
          { name: REGISTER_THROTTLER, limit: env.RATE_LIMIT_REGISTER_PER_IP, ttl: env.RATE_LIMIT_REGISTER_WINDOW_SECONDS * 1000 },
        ],
      }),
    },
  ],
  exports: [AccessTokenService, SessionsService, AuthGuard, OrganizationAccessService, OrganizationAccessGuard, AgentMandatesService, OrganizationDirectory, IdempotencyInterceptor],
})
export class IdentityModule {}
