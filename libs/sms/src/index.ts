export { SmsModule } from './sms.module';
export type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './gateways/sms-gateway';
export { parseCommand, MAX_COMMAND_LENGTH, type CommandKind, type ParseContext, type ParsedCommand, type ProvinceName, type UnknownCommand, type UnknownReason } from './commands/parse-command';

export const smsEntities: Function[] = [];
export const smsMigrations: Function[] = [];
