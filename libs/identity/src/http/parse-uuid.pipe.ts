import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationProblem } from '@psar/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID route parameter; anything else is a 400 naming the parameter (never a 500 from a cast). */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new ValidationProblem([{ field, message: `${field} must be a UUID` }]);
  }
}
