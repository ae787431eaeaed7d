export { SmsModule } from './sms.module';
export type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './gateways/sms-gateway';

import { CreateSmsShortCodesAndPins1796234125671 } from './migrations/1796234125671-create-sms-short-codes-and-pins';
import { CreateSmsPushes1796235127617 } from './migrations/1796235127617-create-sms-pushes';

export { MarketCommandsService, type SellDraft, type SmsUser } from './market/market-commands.service';
export { TrainingCommandsService } from './trainings/training-commands.service';
export { PinsService } from './pins/pins.service';
export { ShortCodesService } from './short-codes/short-codes.service';
export { SmsPushSettingsService } from './pushes/sms-push-settings.service';
export { SmsPushesService, SMS_PUSH_PURGE_JOB, SMS_PUSH_RELEASE_JOB, pushKey } from './pushes/sms-pushes.service';
export { SMS_PUSH_KINDS, type SmsPushKind } from './pushes/sms-push-kinds';

export const smsEntities: Function[] = [];
export const smsMigrations: Function[] = [CreateSmsShortCodesAndPins1796234125671, CreateSmsPushes1796235127617];
