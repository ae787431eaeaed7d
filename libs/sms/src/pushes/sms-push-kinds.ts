/** The notification kinds a person may choose to get by SMS (issue 17, item 4). */
export const SMS_PUSH_KINDS = ['matchFound', 'offerReceived', 'offerAccepted', 'dealDelivered', 'trainingReminder', 'waitlistPromotion'] as const;
export type SmsPushKind = (typeof SMS_PUSH_KINDS)[number];

export function isSmsPushKind(value: string): value is SmsPushKind {
  return (SMS_PUSH_KINDS as readonly string[]).includes(value);
}
