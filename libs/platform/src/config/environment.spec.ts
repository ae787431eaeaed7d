import { InvalidEnvironmentError, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('fills every default', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, NODE_ENV: 'development', MIGRATIONS_RUN: true, BODY_LIMIT_BYTES: 1_048_576, KHR_PER_USD: '4100' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and booleans from strings', () => {
    const env = validateEnvironment({ PORT: '8080', MIGRATIONS_RUN: 'false', SEED_DEMO: 'true', DB_POOL_SIZE: '5' });
    expect(env).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false, SEED_DEMO: true, DB_POOL_SIZE: 5 });
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      validateEnvironment({ PORT: 'abc', DATABASE_URL: 'mysql://x', KHR_PER_USD: '-3' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('KHR_PER_USD');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('ignores empty strings as unset', () => {
    expect(validateEnvironment({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 3000, DATABASE_URL: undefined });
  });

  it('takes one or more replica URLs, and refuses anything else in the list', () => {
    expect(validateEnvironment({})).toMatchObject({ DATABASE_REPLICA_URLS: undefined, DATABASE_REPLICA_MAX_LAG_SECONDS: 10 });
    const two = 'postgres://psar@replica-1:5432/psar, postgresql://psar@replica-2/psar';
    expect(validateEnvironment({ DATABASE_REPLICA_URLS: two, DATABASE_REPLICA_MAX_LAG_SECONDS: '5' })).toMatchObject({
      DATABASE_REPLICA_URLS: two,
      DATABASE_REPLICA_MAX_LAG_SECONDS: 5,
    });
    expect(() => validateEnvironment({ DATABASE_REPLICA_URLS: 'postgres://psar@replica-1/psar,mysql://x' })).toThrow(/DATABASE_REPLICA_URLS must be/);
    expect(() => validateEnvironment({ DATABASE_REPLICA_MAX_LAG_SECONDS: '0' })).toThrow(/DATABASE_REPLICA_MAX_LAG_SECONDS/);
  });

  it('leaves metrics off unless METRICS_TOKEN is set, and refuses a short one', () => {
    expect(validateEnvironment({}).METRICS_TOKEN).toBeUndefined();
    expect(validateEnvironment({ METRICS_TOKEN: 'm'.repeat(32) }).METRICS_TOKEN).toBe('m'.repeat(32));
    expect(() => validateEnvironment({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
  });

  it('caps SMS pushes at 10 a day with quiet hours 21:00-07:00 by default, and refuses a malformed window or cap', () => {
    expect(validateEnvironment({})).toMatchObject({ SMS_DAILY_CAP: 10, SMS_QUIET_HOURS: '21:00-07:00' });
    expect(validateEnvironment({ SMS_DAILY_CAP: '3', SMS_QUIET_HOURS: '00:00-00:00' })).toMatchObject({ SMS_DAILY_CAP: 3, SMS_QUIET_HOURS: '00:00-00:00' });
    expect(() => validateEnvironment({ SMS_QUIET_HOURS: '9pm-7am' })).toThrow(/SMS_QUIET_HOURS must be HH:MM-HH:MM/);
    expect(() => validateEnvironment({ SMS_QUIET_HOURS: '24:00-07:00' })).toThrow(/SMS_QUIET_HOURS/);
    expect(() => validateEnvironment({ SMS_DAILY_CAP: '0' })).toThrow(/SMS_DAILY_CAP/);
  });

  it('has no SMS unless SMS_GATEWAY is set, and asks for Kannel\'s passwords in production', () => {
    expect(validateEnvironment({}).SMS_GATEWAY).toBeUndefined();
    expect(validateEnvironment({ SMS_GATEWAY: 'kannel' })).toMatchObject({ SMS_GATEWAY: 'kannel', KANNEL_SENDSMS_USER: 'psar', KANNEL_INBOUND_USER: 'kannel' });
    expect(() => validateEnvironment({ SMS_GATEWAY: 'Kannel!' })).toThrow(/SMS_GATEWAY/);
    const production = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32), SMS_GATEWAY: 'kannel' };
    let message = '';
    try {
      validateEnvironment(production);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/KANNEL_SENDSMS_PASSWORD: .*required in production/);
    expect(message).toMatch(/KANNEL_INBOUND_PASSWORD: .*required in production/);
    expect(validateEnvironment({ ...production, KANNEL_SENDSMS_PASSWORD: 's'.repeat(8), KANNEL_INBOUND_PASSWORD: 'i'.repeat(16) }).KANNEL_INBOUND_PASSWORD).toBe('i'.repeat(16));
    // Kannel sends the inbound password in its post-url: it must be URL-safe.
    expect(() => validateEnvironment({ KANNEL_INBOUND_PASSWORD: 'has spaces and @ in it!' })).toThrow(/KANNEL_INBOUND_PASSWORD must be URL-safe/);
    expect(() => validateEnvironment({ KANNEL_INBOUND_ALLOW_IPS: '10.0.0.1, not-an-ip' })).toThrow(/KANNEL_INBOUND_ALLOW_IPS/);
    expect(validateEnvironment({ KANNEL_INBOUND_ALLOW_IPS: '127.0.0.1, ::1' }).KANNEL_INBOUND_ALLOW_IPS).toBe('127.0.0.1, ::1');
  });
});
