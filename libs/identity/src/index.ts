import { RefreshToken } from './auth/refresh-token.entity';
import { GroupMembership } from './groups/group-membership.entity';
import { CreateIdentity1764400002000 } from './migrations/1764400002000-create-identity';
import { CreateOrganizationReputations1764400002100 } from './migrations/1764400002100-create-organization-reputations';
import { IndexSessionsAndPurges1796143670153 } from './migrations/1796143670153-index-sessions-and-purges';
import { OrganizationSearchName1796144632547 } from './migrations/1796144632547-organization-search-name';
import { CreateMemberInvitations1796169257583 } from './migrations/1796169257583-create-member-invitations';
import { CreateAgentMandates1796234395235 } from './migrations/1796234395235-create-agent-mandates';
import { ReputationDisputesLost1796289451600 } from './migrations/1796289451600-reputation-disputes-lost';
import { ReputationResponsiveness1796300200100 } from './migrations/1796300200100-reputation-responsiveness';
import { CreateOneTimeCodes1796235332194 } from './migrations/1796235332194-create-one-time-codes';
import { Membership } from './organizations/membership.entity';
import { Organization } from './organizations/organization.entity';
import { User } from './users/user.entity';

export { IdentityModule } from './identity.module';

// Authentication: `@Authenticated()` on a controller, `@Public()` on open routes, `@CurrentUser()` for the caller.
export { AuthGuard } from './auth/auth.guard';
export { AccessTokenService } from './auth/access-token.service';
export { SessionsService, SESSION_CACHE_TTL_MS } from './sessions/sessions.service';
export { Authenticated, CurrentUser, requireUser } from './auth/authenticated.decorator';
export { Public } from './auth/public.decorator';
export type { AuthenticatedUser, RequestWithUser } from './auth/authenticated-user';

// Authorization: may this user act for this organization?
export { OrganizationAccessService, type ActingAgent, type ActingMembership, type CanActOptions } from './access/organization-access.service';
export { ActingFor, OrganizationAccessGuard, type ActingForOptions } from './access/acting-for.decorator';
export {
  cardsById,
  type OrganizationCard,
  OrganizationDirectory,
  organizationCardSql,
  type OrganizationTraits,
} from './organizations/organization-directory.service';

// Agents: mandates to act for producers, consented and withdrawn by SMS (the SMS channel calls consentBySms / withdrawBySms).
export {
  AgentMandatesService,
  AGENT_KINDS,
  AGENT_MANDATE_CONSENTED,
  AGENT_MANDATE_WITHDRAWN,
  type AgentMandateEventPayload,
  PENDING_MANDATES_PER_AGENT,
  type ProducerContact,
  type SmsConsentResult,
  type SmsMandate,
  type SmsWithdrawalResult,
} from './agents/agent-mandates.service';
export { AgentProducerDto, ListAgentProducersQuery, MANDATE_STATUSES, type MandateStatus } from './agents/dto/agent-producer.dto';
export { fitNames, smsParts, SMS_MAX_PARTS } from './agents/agent-sms-texts';

// Idempotency-Key on creating POSTs.
export { Idempotent } from './idempotency/idempotent.decorator';
export { IdempotencyInterceptor, IDEMPOTENCY_HEADER } from './idempotency/idempotency.interceptor';

export {
  IDEMPOTENCY_KEYS_PURGE_JOB,
  ONE_TIME_CODES_PURGE_JOB,
  RATE_LIMIT_COUNTERS_PURGE_JOB,
  REFRESH_TOKENS_PURGE_JOB,
} from './housekeeping/identity-housekeeping.service';

export { ParseUuidPipe } from './http/parse-uuid.pipe';

export { User, LOCALES, type Locale } from './users/user.entity';
export {
  Organization,
  CAPABILITIES,
  ORGANIZATION_KINDS,
  GROUP_KINDS,
  type Capability,
  type OrganizationKind,
} from './organizations/organization.entity';
export { Membership, ROLES, roleAtLeast, type Role } from './organizations/membership.entity';
export { GroupMembership, type GroupMembershipStatus } from './groups/group-membership.entity';
export { OrganizationDto, OrganizationReputationDto, LocationDto } from './organizations/dto/organization.dto';
export {
  GROUP_JOIN_APPROVED,
  GROUP_JOIN_REFUSED,
  GROUP_JOIN_REQUESTED,
  GROUP_LEFT,
  type GroupJoinEventPayload,
} from './groups/groups.service';
export { normalizePhone } from './users/phone-number';
export { ensureSellingFirm, findUserByPhone, registerByPhone, type PhoneAccount } from './users/phone-registration';
export { MEMBER_INVITED, type MemberInvitedPayload } from './invitations/member-invitation-events';
export { MEMBER_JOINED, MEMBER_LEFT, type MemberEventPayload } from './organizations/member-events';
export { makeAdmin } from './users/users.service';
export { DEMO_PASSWORD, demoAccount, demoLogins, identityDemoSeeder, type DemoLogin } from './demo/identity-demo';
export { identityDemoPhotosSeeder } from './demo/identity-demo-photos';

export const identityEntities = [User, RefreshToken, Organization, Membership, GroupMembership];
export const identityMigrations = [
  CreateIdentity1764400002000,
  CreateOrganizationReputations1764400002100,
  IndexSessionsAndPurges1796143670153,
  OrganizationSearchName1796144632547,
  CreateMemberInvitations1796169257583,
  CreateAgentMandates1796234395235,
  CreateOneTimeCodes1796235332194,
  ReputationDisputesLost1796289451600,
  ReputationResponsiveness1796300200100,
];
