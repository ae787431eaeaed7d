/**
 * Recorded in the outbox when an invitation is created, renewed after it expired, or
 * given another role: what an SMS channel needs to tell the person (none is sent yet).
 * A replayed invitation records nothing.
 */
export const MEMBER_INVITED = 'organization.member_invited';

export interface MemberInvitedPayload {
  invitationId: string;
  organizationId: string;
  organizationName: string;
  /** E.164 */
  phone: string;
  role: 'owner' | 'manager' | 'member';
  invitedBy: string;
  inviterName: string;
  expiresAt: string;
  [key: string]: unknown;
}
