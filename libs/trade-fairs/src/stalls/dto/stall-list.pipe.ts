import { Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, flattenValidationErrors, ValidationProblem } from '@psar/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateStallDto } from './create-stall.dto';

export const MAX_STALLS_PER_REQUEST = 500;

/**
 * The body of POST /trade-fairs/:id/stalls is a JSON array, which the global
 * ValidationPipe does not look into: each element is validated here, with the same
 * whitelist rules, and errors name the element (`[3].width`).
 */
@Injectable()
export class StallListPipe implements PipeTransform<unknown, CreateStallDto[]> {
  transform(body: unknown): CreateStallDto[] {
    if (!Array.isArray(body)) throw new ValidationProblem([{ field: 'body', message: 'the body must be an array of stalls' }]);
    if (body.length === 0) throw new ValidationProblem([{ field: 'body', message: 'the array must hold at least one stall' }]);
    if (body.length > MAX_STALLS_PER_REQUEST) {
      throw new ValidationProblem([{ field: 'body', message: `at most ${MAX_STALLS_PER_REQUEST} stalls per request` }]);
    }
    const errors: FieldError[] = [];
    const stalls = body.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        errors.push({ field: `[${i}]`, message: 'each stall must be an object' });
        return undefined;
      }
      const stall = plainToInstance(CreateStallDto, item, { enableImplicitConversion: false });
      const problems = validateSync(stall, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
      errors.push(...flattenValidationErrors(problems, `[${i}]`));
      return stall;
    });
    if (errors.length > 0) throw new ValidationProblem(errors.slice(0, 100));
    return stalls as CreateStallDto[];
  }
}
