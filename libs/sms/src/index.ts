export { SmsModule } from './sms.module';
export type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './gateways/sms-gateway';

export const smsEntities: Function[] = [];
export const smsMigrations: Function[] = [];
