import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'price.amount' })
  field: string;

  @ApiProperty({ example: 'amount must be a decimal string with at most 2 decimals' })
  message: string;

  @ApiPropertyOptional({
    example: 'matches',
    description: 'What the value broke (class-validator constraint name, e.g. isInt, min, maxLength), for a client to word in its own language',
  })
  code?: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetails {
  @ApiProperty({ example: 'https://psar.example/problems/validation' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields' })
  detail: string;

  @ApiPropertyOptional({ type: [FieldError] })
  errors?: FieldError[];

  @ApiPropertyOptional({ description: 'Quote this id when reporting an unexpected error' })
  errorId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const PROBLEM_BASE = 'https://psar.example/problems/';

export function problemType(slug: string): string {
  return PROBLEM_BASE + slug;
}

/**
 * An error with a problem type of our own. Services throw these (or Nest's HTTP
 * exceptions); the global filter renders them.
 */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly slug: string,
    detail: string,
    readonly fieldErrors?: FieldError[],
  ) {
    super(detail, status);
  }
}

export class ValidationProblem extends ProblemException {
  constructor(errors: FieldError[]) {
    super(HttpStatus.BAD_REQUEST, 'validation', 'The request has invalid fields', errors);
  }
}
