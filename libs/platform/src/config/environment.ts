import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumberString,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  return value;
};

/**
 * Every environment variable Psar reads, with its default. Validated once at boot;
 * README.md lists the same table.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Behind a load balancer: trust its X-Forwarded-For for the client address. */
  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Unset: an embedded Postgres runs in EMBEDDED_PG_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(100)
  DB_CONNECTION_TIMEOUT_MS = 3000;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 15000;

  /**
   * Comma-separated postgres:// URLs of read-only streaming replicas of DATABASE_URL's database
   * (same database name). Unset: every read goes to the primary.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^,\s]+(\s*,\s*postgres(ql)?:\/\/[^,\s]+)*$/, {
    message: 'DATABASE_REPLICA_URLS must be postgres:// or postgresql:// URLs separated by commas',
  })
  DATABASE_REPLICA_URLS?: string;

  /** A replica further behind the primary than this is skipped until it catches up. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(3600)
  DATABASE_REPLICA_MAX_LAG_SECONDS = 10;

  /** How often each replica's health and lag are checked. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_REPLICA_CHECK_MS = 1000;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** Unset: demo data on the first start of the embedded database only. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Unset: pretty logs in development, JSON otherwise. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  LOG_PRETTY?: boolean;

  /** The built web app (`npm run build:web`) that the API serves at `/`, relative to the working directory. */
  @IsString()
  WEB_DIST_DIR = 'dist/web';

  /** The server's renderer of the web app's public pages (`npm run build:web` builds it), relative to the working directory. */
  @IsString()
  WEB_SSR_DIR = 'dist/web-ssr';

  /** false: the API alone, even where the web app is built. */
  @Transform(toBoolean)
  @IsBoolean()
  SERVE_WEB_APP = true;

  /** Comma-separated origins allowed by CORS; empty allows none. */
  @IsString()
  CORS_ORIGINS = 'http://localhost:3000';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** How many riel one US dollar buys, for comparing prices across currencies. */
  @IsNumberString({}, { message: 'KHR_PER_USD must be a decimal number' })
  @Matches(/^[1-9]\d*(\.\d+)?$/, { message: 'KHR_PER_USD must be a positive decimal number' })
  KHR_PER_USD = '4100';

  /** Hours a pending offer (quote or order) stays open before it expires. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  OFFER_TTL_HOURS = 72;

  /** Seconds a replica serves market prices from its cache; at most 60 so a completed deal shows within a minute. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(60)
  MARKET_PRICES_CACHE_SECONDS = 30;

  /** How far a delivered quantity may differ from the agreed one, per line, in percent (pigs by real weight, tiles net of breakage). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(100)
  DEAL_DELIVERY_TOLERANCE_PERCENT = 20;

  /** Hours before a deal's deliverBy when the seller is reminded to deliver. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  DEAL_DELIVERY_REMINDER_HOURS = 24;

  /** Days after deliverBy when a deal never marked delivered is cancelled (quantities returned, counted late for the seller). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(90)
  DEAL_AUTO_CANCEL_DAYS = 7;

  /** For a deal without a deliverBy (an order that named no date): days after agreement that stand in for it. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(365)
  DEAL_UNDATED_DELIVERY_DAYS = 30;

  /** Days after delivery when a delivery neither confirmed nor disputed is confirmed automatically. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(90)
  DEAL_AUTO_CONFIRM_DAYS = 3;

  /** Days a dispute may stay unsettled by the sides before platform admins are asked to decide. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(90)
  DEAL_DISPUTE_ESCALATION_DAYS = 7;

  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_WORKER = true;

  /** /health/ready reports `degraded` (still 200) when the oldest undelivered outbox event is older than this. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  OUTBOX_BACKLOG_DEGRADED_SECONDS = 60;

  /** New notifications one user gets per kind per hour; past it, what would be new folds into one digest of the kind. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  NOTIFICATIONS_PER_KIND_PER_HOUR = 30;

  /**
   * Signs access tokens; every replica needs the same one. Required in production;
   * elsewhere unset means a fixed development secret (libs/identity).
   */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET must be set in production' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (and is required in production)' })
  JWT_SECRET?: string;

  /** Lifetime of an access token (JWT), in seconds. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(30)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS = 900;

  /** Lifetime of a refresh token, in days; each use rotates it. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Failed logins allowed per login (phone or email) per RATE_LIMIT_LOGIN_WINDOW_SECONDS. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_LOGIN = 10;

  /** Failed logins allowed per client IP per window; higher than per login because of carrier NAT. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_IP = 30;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_WINDOW_SECONDS = 60;

  /** Registrations per client IP per window; raise it where a village agent signs up many farmers. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_PER_IP = 30;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_WINDOW_SECONDS = 3600;

  /** Minutes a password-reset or phone-verification code stays usable. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(60)
  ONE_TIME_CODE_TTL_MINUTES = 10;

  /** Wrong tries one code allows before it is worn out (a new one must be asked for). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(20)
  ONE_TIME_CODE_MAX_ATTEMPTS = 5;

  /** Codes sent to one phone number or email address per RATE_LIMIT_CODES_WINDOW_SECONDS (SMS costs money and annoys). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_CODES_PER_DESTINATION = 5;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_CODES_WINDOW_SECONDS = 3600;

  /**
   * SMTP server for email (password-reset codes), e.g. smtp://user:pass@mail.example:587 or
   * smtps://…:465. Unset: no email is sent and reset by email is unavailable.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From of every email, e.g. `Psar <no-reply@psar.example>`. */
  @IsString()
  MAIL_FROM = 'Psar <no-reply@psar.invalid>';

  /** Largest socket.io packet a client may send; a bigger one closes its connection. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  @Max(1_048_576)
  REALTIME_MAX_PAYLOAD_BYTES = 32_768;

  /** Socket events (message.send, typing) one socket may send per second, sustained… */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  REALTIME_EVENTS_PER_SECOND = 5;

  /** …and in a burst. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  REALTIME_EVENTS_BURST = 20;

  /**
   * Bearer token Prometheus sends to GET /metrics. Unset: no metrics are collected and
   * /metrics answers 404.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  METRICS_TOKEN?: string;

  /** Postgres connections per process for socket.io's cross-replica adapter (one stays on LISTEN). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(2)
  @Max(50)
  REALTIME_PG_POOL_SIZE = 4;

  /** Where photo files live: `postgres` (a table, nothing more to run) or `s3` (any S3-compatible store, PHOTO_S3_*). */
  @IsIn(['postgres', 's3'])
  PHOTO_STORAGE: 'postgres' | 's3' = 'postgres';

  /** Largest photo upload in bytes; larger gets 413. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  @Max(50 * 1_048_576)
  PHOTO_MAX_BYTES = 10 * 1_048_576;

  /** Most pixels (width × height) a photo may have, read from its header before decoding (decompression bombs); more gets 422. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(10_000)
  @Max(268_402_689)
  PHOTO_MAX_PIXELS = 60_000_000;

  /** S3 endpoint (e.g. https://s3.eu-central-1.amazonaws.com or a MinIO URL); unset: the AWS default for the region. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'PHOTO_S3_ENDPOINT must be an http(s) URL' })
  PHOTO_S3_ENDPOINT?: string;

  @IsString()
  PHOTO_S3_REGION = 'us-east-1';

  @ValidateIf((env: Environment) => env.PHOTO_STORAGE === 's3' || env.PHOTO_S3_BUCKET !== undefined)
  @IsString({ message: 'PHOTO_S3_BUCKET must be set when PHOTO_STORAGE=s3' })
  @MinLength(3, { message: 'PHOTO_S3_BUCKET must be set when PHOTO_STORAGE=s3' })
  PHOTO_S3_BUCKET?: string;

  /** Unset: the SDK's usual credential chain (AWS_* variables, instance role). */
  @IsOptional()
  @IsString()
  PHOTO_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  PHOTO_S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (endpoint/bucket/key), which MinIO and most self-hosted stores need. */
  @Transform(toBoolean)
  @IsBoolean()
  PHOTO_S3_FORCE_PATH_STYLE = true;

  /**
   * Public base URL of the bucket (or a CDN in front of it): photo URLs point there directly.
   * Unset: photo URLs point at the API, which redirects to a short-lived signed URL.
   */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'PHOTO_S3_PUBLIC_URL must be an http(s) URL' })
  PHOTO_S3_PUBLIC_URL?: string;

  /** The SMS gateway adapter (`kannel`, `android`, or an HTTP provider's name); unset: no SMS. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'SMS_GATEWAY must be an adapter name such as kannel' })
  SMS_GATEWAY?: string;

  /** Messages one number may send per hour that get handled; past it they are stored and not answered. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  SMS_INBOUND_PER_NUMBER_PER_HOUR = 60;

  /** Messages Psar sends one number per hour; past it they are recorded as rate_limited and not sent. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  SMS_OUTBOUND_PER_NUMBER_PER_HOUR = 30;

  /** Messages handed to the gateway per second, across replicas; past it sends wait for the next second. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10_000)
  SMS_GATEWAY_SENDS_PER_SECOND = 100;

  /** Minutes a pending step (reply YES…) or the rest of a long reply (MORE) is kept for a number. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SMS_STATE_TTL_MINUTES = 30;

  /** Kannel's sendsms interface (smsbox), e.g. http://127.0.0.1:13013/cgi-bin/sendsms. */
  @Matches(/^https?:\/\/.+/, { message: 'KANNEL_SENDSMS_URL must be an http(s) URL' })
  KANNEL_SENDSMS_URL = 'http://127.0.0.1:13013/cgi-bin/sendsms';

  /** A sendsms-user of Kannel's configuration. */
  @IsString()
  KANNEL_SENDSMS_USER = 'psar';

  /** Its password; required in production with SMS_GATEWAY=kannel, elsewhere unset means deploy/kannel's development one. */
  @ValidateIf((env: Environment) => (env.NODE_ENV === 'production' && env.SMS_GATEWAY === 'kannel') || env.KANNEL_SENDSMS_PASSWORD !== undefined)
  @IsString({ message: 'KANNEL_SENDSMS_PASSWORD must be set in production with SMS_GATEWAY=kannel' })
  @MinLength(8, { message: 'KANNEL_SENDSMS_PASSWORD must be at least 8 characters (and is required in production with SMS_GATEWAY=kannel)' })
  KANNEL_SENDSMS_PASSWORD?: string;

  /** The sender Kannel puts on outgoing messages (Psar's number or short code); unset: the SMSC's default. */
  @IsOptional()
  @Matches(/^\+?[0-9A-Za-z]{1,15}$/, { message: 'KANNEL_FROM must be a number or short code' })
  KANNEL_FROM?: string;

  /** The basic-auth user Kannel's sms-service sends with each inbound message (in its post-url). */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'KANNEL_INBOUND_USER must be letters, digits, _ . -' })
  KANNEL_INBOUND_USER = 'kannel';

  /** Its password; required in production with SMS_GATEWAY=kannel, elsewhere unset means deploy/kannel's development one. */
  @ValidateIf((env: Environment) => (env.NODE_ENV === 'production' && env.SMS_GATEWAY === 'kannel') || env.KANNEL_INBOUND_PASSWORD !== undefined)
  @IsString({ message: 'KANNEL_INBOUND_PASSWORD must be set in production with SMS_GATEWAY=kannel' })
  @MinLength(16, { message: 'KANNEL_INBOUND_PASSWORD must be at least 16 characters (and is required in production with SMS_GATEWAY=kannel)' })
  @Matches(/^[A-Za-z0-9_.~-]+$/, { message: 'KANNEL_INBOUND_PASSWORD must be URL-safe (letters, digits, _ . ~ -): Kannel sends it in a URL; it is required in production with SMS_GATEWAY=kannel' })
  KANNEL_INBOUND_PASSWORD?: string;

  /** Comma-separated addresses Kannel's inbound requests may come from (e.g. 127.0.0.1,10.0.0.5); unset: any, credentials alone. */
  @IsOptional()
  @Matches(/^[0-9a-fA-F.:]+(\s*,\s*[0-9a-fA-F.:]+)*$/, { message: 'KANNEL_INBOUND_ALLOW_IPS must be comma-separated IP addresses' })
  KANNEL_INBOUND_ALLOW_IPS?: string;

  /** The Android app's API: the phone's local server (http://192.168.1.10:8080) or https://api.sms-gate.app/3rdparty/v1. */
  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'android' || env.ANDROID_SMS_GATEWAY_URL !== undefined)
  @Matches(/^https?:\/\/.+/, { message: 'ANDROID_SMS_GATEWAY_URL must be an http(s) URL (required when SMS_GATEWAY=android)' })
  ANDROID_SMS_GATEWAY_URL?: string;

  /** The app's API user and password (its Home tab). */
  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'android' || env.ANDROID_SMS_GATEWAY_USER !== undefined)
  @IsString({ message: 'ANDROID_SMS_GATEWAY_USER must be set when SMS_GATEWAY=android' })
  @MinLength(1, { message: 'ANDROID_SMS_GATEWAY_USER must be set when SMS_GATEWAY=android' })
  ANDROID_SMS_GATEWAY_USER?: string;

  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'android' || env.ANDROID_SMS_GATEWAY_PASSWORD !== undefined)
  @IsString({ message: 'ANDROID_SMS_GATEWAY_PASSWORD must be set when SMS_GATEWAY=android' })
  @MinLength(1, { message: 'ANDROID_SMS_GATEWAY_PASSWORD must be set when SMS_GATEWAY=android' })
  ANDROID_SMS_GATEWAY_PASSWORD?: string;

  /** The app's Settings → Webhooks → Signing Key; at least 32 characters (the app's own default of 8 is too guessable). */
  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'android' || env.ANDROID_SMS_GATEWAY_SIGNING_KEY !== undefined)
  @IsString({ message: 'ANDROID_SMS_GATEWAY_SIGNING_KEY must be set when SMS_GATEWAY=android' })
  @MinLength(32, { message: 'ANDROID_SMS_GATEWAY_SIGNING_KEY must be at least 32 characters (set a long key in the app)' })
  ANDROID_SMS_GATEWAY_SIGNING_KEY?: string;

  /** Seconds a webhook's X-Timestamp may differ from this server's clock before it counts as a replay. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(30)
  @Max(3600)
  ANDROID_SMS_GATEWAY_REPLAY_WINDOW_SECONDS = 300;

  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'twilio' || env.TWILIO_ACCOUNT_SID !== undefined)
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be an AC… account SID (required when SMS_GATEWAY=twilio)' })
  TWILIO_ACCOUNT_SID?: string;

  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'twilio' || env.TWILIO_AUTH_TOKEN !== undefined)
  @IsString({ message: 'TWILIO_AUTH_TOKEN must be set when SMS_GATEWAY=twilio' })
  @MinLength(32, { message: 'TWILIO_AUTH_TOKEN must be the 32-character auth token (required when SMS_GATEWAY=twilio)' })
  TWILIO_AUTH_TOKEN?: string;

  /** Psar's Twilio number in E.164, or a Messaging Service SID (MG…). */
  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'twilio' || env.TWILIO_FROM !== undefined)
  @Matches(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, { message: 'TWILIO_FROM must be an E.164 number or an MG… Messaging Service SID' })
  TWILIO_FROM?: string;

  /** The public URL entered as the number's incoming-message webhook in Twilio, exactly (Twilio signs it). */
  @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'twilio' || env.TWILIO_WEBHOOK_URL !== undefined)
  @Matches(/^https?:\/\/.+/, { message: 'TWILIO_WEBHOOK_URL must be the full public http(s) URL of the webhook' })
  TWILIO_WEBHOOK_URL?: string;

  /** Where sends go (a stand-in in tests). */
  @Matches(/^https?:\/\/.+/, { message: 'TWILIO_API_URL must be an http(s) URL' })
  TWILIO_API_URL = 'https://api.twilio.com';
  /** SMS pushes (match found, offer received, …) one person gets per Phnom Penh day; past it they are dropped (the web still has them). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  SMS_DAILY_CAP = 10;

  /** HH:MM-HH:MM, Phnom Penh time: a push made then is held and sent when they end. Equal ends: no quiet hours. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'SMS_QUIET_HOURS must be HH:MM-HH:MM, e.g. 21:00-07:00' })
  SMS_QUIET_HOURS = '21:00-07:00';
}

export class InvalidEnvironmentError extends Error {}

/** Parses and validates the environment; throws one error naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Environment, defined, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const messages = Object.values(e.constraints ?? {});
      return `${e.property}: ${messages[0] ?? 'invalid'} (got ${JSON.stringify(e.value)})`;
    });
    throw new InvalidEnvironmentError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return env;
}
