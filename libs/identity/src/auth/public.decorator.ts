import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'psar:is-public';

/** Open to anonymous callers, inside an `@Authenticated()` controller. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
