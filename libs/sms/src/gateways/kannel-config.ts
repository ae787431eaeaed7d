import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const KANNEL_CONFIG_TEMPLATE = join(__dirname, '../../../../deploy/kannel/kannel.conf.template');

export interface KannelPorts {
  admin: number;
  smsbox: number;
  fakeSmsc: number;
  sendsms: number;
}

export interface KannelConfigValues {
  ports: KannelPorts;
  /** The app's HTTP port on 127.0.0.1 (its webhook). */
  appPort: number;
  logDir: string;
  sendsmsUser: string;
  sendsmsPassword: string;
  inboundUser: string;
  inboundPassword: string;
  adminPassword: string;
  /** Psar's number or short code on outgoing messages the app names no sender for (default 1234). */
  sender?: string;
  /** Kannel's log level: 0 debug … 4 panic. */
  logLevel?: number;
}

/** deploy/kannel/kannel.conf.template with its ${NAME}s filled in. */
export function renderKannelConfig(values: KannelConfigValues, template = readFileSync(KANNEL_CONFIG_TEMPLATE, 'utf8')): string {
  const vars: Record<string, string> = {
    ADMIN_PORT: String(values.ports.admin),
    SMSBOX_PORT: String(values.ports.smsbox),
    FAKE_SMSC_PORT: String(values.ports.fakeSmsc),
    SENDSMS_PORT: String(values.ports.sendsms),
    APP_PORT: String(values.appPort),
    LOG_DIR: values.logDir,
    LOG_LEVEL: String(values.logLevel ?? 1),
    SENDSMS_USER: values.sendsmsUser,
    SENDSMS_PASSWORD: values.sendsmsPassword,
    INBOUND_USER: values.inboundUser,
    INBOUND_PASSWORD: values.inboundPassword,
    ADMIN_PASSWORD: values.adminPassword,
    SENDER: values.sender ?? '1234',
  };
  return template.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`kannel config: no value for ${whole}`);
    if (/["\n]/.test(value)) throw new Error(`kannel config: ${name} must not contain quotes or newlines`);
    return value;
  });
}
