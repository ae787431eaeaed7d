/**
 * Recorded in the outbox when a person becomes a member of an organization (added, or an
 * invitation honoured at sign-up) and when they stop being one (removed or left). A role
 * change records nothing. Messaging keeps the group forums' participants in step with them.
 */
export const MEMBER_JOINED = 'organization.member_joined';
export const MEMBER_LEFT = 'organization.member_left';

export interface MemberEventPayload {
  organizationId: string;
  userId: string;
  [key: string]: unknown;
}
