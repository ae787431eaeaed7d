import { CatalogService } from '@psar/catalog';
import { ensureSellingFirm, findUserByPhone, registerByPhone } from '@psar/identity';
import type { Parsed } from '../market/market-command-handlers';
import { marketText } from '../market/market-texts';
import type { SmsCommandHandler, SmsReply } from '../conversations/sms-command';
import type { PinsService } from '../pins/pins.service';
import type { SmsPushSettingsService } from '../pushes/sms-push-settings.service';

/**
 * REGISTER <name> <province> [PIN]: the message came from this SIM, which proves the number.
 * The account, the producer's own selling firm in that province, the PIN and the SMS pushes are set in the
 * message's transaction, with the reply: all or nothing, and once.
 */
export function registerCommand(catalog: CatalogService, pins: PinsService, pushes: SmsPushSettingsService): SmsCommandHandler<Parsed<'register'>> {
  return {
    command: 'REGISTER',
    async handle(command, { manager, number, texts }): Promise<SmsReply> {
      const existing = await findUserByPhone(manager, number.phone);
      if (existing) return { text: texts.alreadyRegistered(existing.name) };
      // The menu's 1, or REGISTER alone: how to write it.
      if (!command.parsed) return { text: texts.registerUsage };
      const { name, provinceCode, pin } = command.parsed;
      const province = await catalog.findProvince(provinceCode);
      if (!province) return { text: texts.unknownProvince(provinceCode) };
      const user = await registerByPhone(manager, { phone: number.phone, name, locale: number.locale });
      await ensureSellingFirm(manager, { userId: user.id, name: user.name, provinceCode, phone: number.phone });
      if (pin) await pins.set(user.id, pin, manager);
      // Someone who came by SMS hears of their matches and offers by SMS.
      await pushes.enableAll(user.id, manager);
      await manager.query('UPDATE sms_numbers SET user_id = $2, province_code = $3, updated_at = now() WHERE phone = $1', [number.phone, user.id, provinceCode]);
      const welcome = texts.registered(user.name, number.locale === 'km' ? province.nameKm : province.nameEn);
      return { text: pin ? welcome : `${welcome} ${marketText(number.locale, 'pin-ask')}` };
    },
  };
}
