import type { LoggerService } from '@nestjs/common';

// Nest's own start-up chatter: a line per module, per controller and per route (about 150).
// It helps when a route seems missing, and hides the few lines a newcomer needs (the
// database, migrations, demo accounts, the URL), so its info lines are logged at debug.
const STARTUP_CONTEXTS = new Set(['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/** The app's logger, with Nest's start-up info lines moved to debug; everything else as is. */
export class QuietStartupLogger implements LoggerService {
  constructor(private readonly logger: LoggerService) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    // Nest passes the context (the logging class's name) as the last parameter.
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else this.logger.log(message, ...optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.error(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.warn(message, ...optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.debug?.(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.verbose?.(message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    if (this.logger.fatal) this.logger.fatal(message, ...optionalParams);
    else this.logger.error(message, ...optionalParams);
  }
}
