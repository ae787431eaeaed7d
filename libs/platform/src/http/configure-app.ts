import { RequestMethod } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { Environment } from '../config/environment';
import { ProblemDetails } from '../errors/problem';
import { createValidationPipe } from '../errors/validation-pipe';
import { QuietStartupLogger } from '../logging/quiet-startup-logger';
import { useBodyParsers } from './body-parsers';
import { MetricsService } from '../metrics/metrics.service';
import { appHelmetOptions, DOCS_HELMET_OPTIONS, securityHeaders } from './security-headers';

export const API_PREFIX = 'api/v1';

/** Everything main.ts, the tests and the benchmarks must set up identically. */
export async function configureApp(app: NestFastifyApplication, env: Environment): Promise<void> {
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  useBodyParsers(app, env);
  const headers = securityHeaders(appHelmetOptions(env));
  const docsHeaders = securityHeaders(DOCS_HELMET_OPTIONS);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.headers(request.url.startsWith('/api/docs') ? docsHeaders : headers).header('x-request-id', request.id);
      done();
    });
  app.get(MetricsService).instrumentHttp(app.getHttpAdapter().getInstance());
  const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  // A preflight without Origin or Access-Control-Request-Method comes from no browser; the
  // strict default answers it with a text/plain 400, outside problem+json.
  app.enableCors({ origin: origins, credentials: true, strictPreflight: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Psar API')
      .setDescription('The marketplace of rural producers, buyers, input suppliers and trade fairs in Cambodia.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ProblemDetails] },
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}
