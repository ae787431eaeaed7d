import { HttpStatus } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { parse as parseQueryString } from 'node:querystring';
import { Environment } from '../config/environment';
import { ProblemException } from '../errors/problem';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

function tooDeep(): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'validation', `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`, [
    { field: 'body', message: `nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels` },
  ]);
}

/**
 * The body parsers Nest would register, except that a JSON body nested deeper than
 * MAX_JSON_DEPTH is refused before JSON.parse and before anything that recurses over the
 * result (class-transformer, validation, logging) could overflow the stack on it.
 * Registering any parser turns off Nest's own, so the form parser is registered here too.
 */
export function useBodyParsers(app: NestFastifyApplication, env: Environment): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own JSON parser: secure-json-parse, refusing __proto__ and constructor.prototype.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: env.BODY_LIMIT_BYTES }, (request, body, done) => {
    if (exceedsJsonDepth(body)) {
      done(tooDeep(), undefined);
      return;
    }
    parseJson(request, body.toString(), done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: env.BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, parseQueryString(body.toString()));
  });
}
