import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUuid, ValidationProblem } from '@psar/platform';

/** A UUID route parameter; anything else is a 400 naming the parameter (never a 500 from a cast). */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new ValidationProblem([{ field, message: `${field} must be a UUID` }]);
  }
}
