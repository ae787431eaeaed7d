import fastifyMultipart from '@fastify/multipart';
import { HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Environment, ProblemException, ValidationProblem } from '@psar/platform';
import type { FastifyRequest } from 'fastify';

export const PHOTO_FIELD = 'file';

/**
 * Multipart uploads for photo routes. The JSON body limit (BODY_LIMIT_BYTES, 1 MiB) does
 * not apply to multipart: its parser streams, and the file's own limit is PHOTO_MAX_BYTES
 * (413 past it, counted while reading, whatever Content-Length claims).
 */
export async function registerPhotoUploads(app: NestFastifyApplication, env: Environment): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: { fileSize: env.PHOTO_MAX_BYTES, files: 1, fields: 4, fieldSize: 1024, parts: 5, headerPairs: 50 },
  });
}

export interface PhotoUpload {
  file: Buffer;
  /** Text fields sent before the file (e.g. `kind`). */
  fields: Record<string, string>;
}

/** Reads the one file of a multipart upload, in the field `file`. */
export async function readPhotoUpload(request: FastifyRequest): Promise<PhotoUpload> {
  if (!request.isMultipart()) {
    throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', `Send multipart/form-data with the photo in the field "${PHOTO_FIELD}"`);
  }
  const part = await request.file();
  if (!part) throw new ValidationProblem([{ field: PHOTO_FIELD, message: `the photo must be sent in the field "${PHOTO_FIELD}"` }]);
  if (part.fieldname !== PHOTO_FIELD) {
    part.file.resume();
    throw new ValidationProblem([{ field: PHOTO_FIELD, message: `the photo must be sent in the field "${PHOTO_FIELD}", not "${part.fieldname}"` }]);
  }
  const file = await part.toBuffer();
  if (file.length === 0) throw new ValidationProblem([{ field: PHOTO_FIELD, message: 'the file is empty' }]);
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(part.fields)) {
    if (value && !Array.isArray(value) && value.type === 'field' && typeof value.value === 'string') fields[name] = value.value;
  }
  return { file, fields };
}
