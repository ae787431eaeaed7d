import type { Environment } from '@psar/platform';
import { AndroidSmsGateway } from './android-sms-gateway';
import type { KannelGateway } from './kannel.gateway';
import type { SmsGateway } from './sms-gateway';
import { TwilioGateway } from './twilio-gateway';

/**
 * Every adapter Psar has; SMS_GATEWAY picks one. The Android and Twilio adapters are built
 * only when chosen: their settings are required then, and checked at boot.
 */
export function configuredGateways(env: Environment, kannel: KannelGateway): SmsGateway[] {
  const gateways: SmsGateway[] = [kannel];
  if (env.SMS_GATEWAY === 'android') {
    gateways.push(
      new AndroidSmsGateway({
        url: env.ANDROID_SMS_GATEWAY_URL!,
        user: env.ANDROID_SMS_GATEWAY_USER!,
        password: env.ANDROID_SMS_GATEWAY_PASSWORD!,
        signingKey: env.ANDROID_SMS_GATEWAY_SIGNING_KEY!,
        replayWindowSeconds: env.ANDROID_SMS_GATEWAY_REPLAY_WINDOW_SECONDS,
      }),
    );
  }
  if (env.SMS_GATEWAY === 'twilio') {
    gateways.push(
      new TwilioGateway({
        accountSid: env.TWILIO_ACCOUNT_SID!,
        authToken: env.TWILIO_AUTH_TOKEN!,
        from: env.TWILIO_FROM!,
        webhookUrl: env.TWILIO_WEBHOOK_URL!,
        apiUrl: env.TWILIO_API_URL,
      }),
    );
  }
  return gateways;
}
