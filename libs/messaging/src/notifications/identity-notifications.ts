import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AGENT_MANDATE_CONSENTED,
  AGENT_MANDATE_WITHDRAWN,
  type AgentMandateEventPayload,
  GROUP_JOIN_APPROVED,
  GROUP_JOIN_REFUSED,
  GROUP_JOIN_REQUESTED,
  type GroupJoinEventPayload,
  OrganizationAccessService,
} from '@psar/identity';
import type { DomainEvent } from '@psar/platform';
import type { NotificationDraft } from './notification-draft';
import { NotificationsService } from './notifications.service';

/** Notifications for identity's events: a firm asking to join a group, and the group's answer; a producer's answer to an agent. */
@Injectable()
export class IdentityNotifications implements OnModuleInit {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly access: OrganizationAccessService,
  ) {}

  onModuleInit(): void {
    this.notifications.registerEventType<GroupJoinEventPayload>(GROUP_JOIN_REQUESTED, async (event) => {
      const { group, firm } = await this.names(event);
      return [
        this.draft(event, { organizationId: event.payload.groupId }, `${firm} asks to join ${group}`, 'Approve or refuse the request in the group’s members.'),
      ];
    });
    this.notifications.registerEventType<GroupJoinEventPayload>(GROUP_JOIN_APPROVED, async (event) => {
      const { group, firm } = await this.names(event);
      return [this.draft(event, { organizationId: event.payload.organizationId }, `${group} accepted ${firm} as a member`)];
    });
    this.notifications.registerEventType<GroupJoinEventPayload>(GROUP_JOIN_REFUSED, async (event) => {
      const { group, firm } = await this.names(event);
      return [this.draft(event, { organizationId: event.payload.organizationId }, `${group} declined ${firm}’s request to join`)];
    });
    // The agent's owners and managers, who act for the producer.
    this.notifications.registerEventType<AgentMandateEventPayload>(AGENT_MANDATE_CONSENTED, async (event) => [
      this.mandateDraft(event, `${await this.producerName(event)} agreed by SMS: you can now sell for them`),
    ]);
    this.notifications.registerEventType<AgentMandateEventPayload>(AGENT_MANDATE_WITHDRAWN, async (event) => [
      this.mandateDraft(event, `${await this.producerName(event)} withdrew your right to act for them`),
    ]);
  }

  private mandateDraft(event: DomainEvent<AgentMandateEventPayload>, title: string): NotificationDraft {
    const { mandateId, producerOrganizationId, agentOrganizationId } = event.payload;
    return { recipient: { organizationId: agentOrganizationId, minRole: 'manager' }, kind: event.type, title, data: { mandateId, producerOrganizationId } };
  }

  private async producerName(event: DomainEvent<AgentMandateEventPayload>): Promise<string> {
    return (await this.access.namesOf([], [event.payload.producerOrganizationId])).organizations.get(event.payload.producerOrganizationId) ?? 'A producer';
  }

  private draft(
    event: DomainEvent<GroupJoinEventPayload>,
    recipient: NotificationDraft['recipient'],
    title: string,
    body?: string,
  ): NotificationDraft {
    const { groupId, organizationId } = event.payload;
    return { recipient, kind: event.type, title, body, data: { groupId, organizationId } };
  }

  private async names(event: DomainEvent<GroupJoinEventPayload>): Promise<{ group: string; firm: string }> {
    const { organizations } = await this.access.namesOf([], [event.payload.groupId, event.payload.organizationId]);
    return {
      group: organizations.get(event.payload.groupId) ?? 'The group',
      firm: organizations.get(event.payload.organizationId) ?? 'A firm',
    };
  }
}
