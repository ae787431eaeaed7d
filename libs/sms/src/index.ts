export { SmsModule } from './sms.module';
export type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './gateways/sms-gateway';

import { CreateSmsShortCodesAndPins1796234125671 } from './migrations/1796234125671-create-sms-short-codes-and-pins';

export { MarketCommandsService, type SellDraft, type SmsUser } from './market/market-commands.service';
export { TrainingCommandsService } from './trainings/training-commands.service';
export { PinsService } from './pins/pins.service';
export { ShortCodesService } from './short-codes/short-codes.service';

export const smsEntities: Function[] = [];
export const smsMigrations: Function[] = [CreateSmsShortCodesAndPins1796234125671];
