import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  GROUP_JOIN_APPROVED,
  GROUP_JOIN_REFUSED,
  GROUP_JOIN_REQUESTED,
  type GroupJoinEventPayload,
  OrganizationAccessService,
} from '@psar/identity';
import type { DomainEvent } from '@psar/platform';
import type { NotificationDraft } from './notification-draft';
import { NotificationsService } from './notifications.service';

/** Notifications for identity's events: a firm asking to join a group, and the group's answer. */
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
