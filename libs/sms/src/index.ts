import { SmsNumber } from './conversations/sms-number.entity';
import { SmsMessage } from './messages/sms-message.entity';
import { CreateSms1796234055342 } from './migrations/1796234055342-create-sms';
import { CreateSmsShortCodesAndPins1796234125671 } from './migrations/1796234125671-create-sms-short-codes-and-pins';
import { CreateSmsPushes1796235127617 } from './migrations/1796235127617-create-sms-pushes';

export { SmsModule, SMS_RATE_WINDOWS_PURGE_JOB } from './sms.module';
export { SMS_GATEWAYS, type GatewayRequest, type GatewaySend, type InboundSms, type SmsGateway } from './gateways/sms-gateway';
export { KannelGateway } from './gateways/kannel.gateway';
export { buildParseContext, MAX_COMMAND_LENGTH, parseCommand, type CatalogName, type CommandKind, type ParseContext, type ParseContextSource, type ParsedCommand, type ProvinceName, type UnknownCommand, type UnknownReason } from './commands/parse-command';
export { SmsOutbox, SmsUnavailableError, SMS_SEND_QUEUE } from './outbound/sms-outbox.service';
export { SmsCommandParser, type SmsCommand, type SmsCommandContext, type SmsCommandHandler, type SmsReply } from './conversations/sms-command';
export { SmsCommandRegistry } from './conversations/sms-command.registry';
export { smsTexts, type SmsTexts } from './conversations/sms-texts';
export { fitSms, measureSms, MAX_PARTS, type FittedSms, type SmsEncoding, type SmsSize } from './segments/sms-segments';
export { SmsMessage, SmsNumber };
export type { SmsConversationState } from './conversations/sms-number.entity';
export { MarketCommandsService, type SellDraft, type SmsUser } from './market/market-commands.service';
export { TrainingCommandsService } from './trainings/training-commands.service';
export { PinsService } from './pins/pins.service';
export { ShortCodesService } from './short-codes/short-codes.service';
export { SmsPushSettingsService } from './pushes/sms-push-settings.service';
export { SmsPushesService, SMS_PUSH_PURGE_JOB, SMS_PUSH_RELEASE_JOB, pushKey } from './pushes/sms-pushes.service';
export { SMS_PUSH_KINDS, type SmsPushKind } from './pushes/sms-push-kinds';

export const smsEntities: Function[] = [SmsMessage, SmsNumber];
export const smsMigrations: Function[] = [CreateSms1796234055342, CreateSmsShortCodesAndPins1796234125671, CreateSmsPushes1796235127617];
