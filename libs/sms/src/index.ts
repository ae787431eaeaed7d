export { SmsModule } from './sms.module';
export type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './gateways/sms-gateway';
export { buildParseContext, MAX_COMMAND_LENGTH, parseCommand, type CatalogName, type CommandKind, type ParseContext, type ParseContextSource, type ParsedCommand, type ProvinceName, type UnknownCommand, type UnknownReason } from './commands/parse-command';

export const smsEntities: Function[] = [];
export const smsMigrations: Function[] = [];
