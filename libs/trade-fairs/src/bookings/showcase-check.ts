import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@psar/identity';
import { ListingsService } from '@psar/listings';
import { FieldError, ValidationProblem } from '@psar/platform';

/**
 * A showcased listing must exist and be the exhibitor's own. Asked of the listings lib as
 * the acting user (a manager of the exhibitor also sees its paused or expired listings).
 */
@Injectable()
export class ShowcaseCheck {
  constructor(private readonly listings: ListingsService) {}

  async assertOwnListings(viewer: AuthenticatedUser, organizationId: string, listingIds: readonly string[], field: string): Promise<void> {
    const errors: FieldError[] = [];
    for (const [i, id] of listingIds.entries()) {
      try {
        const listing = await this.listings.get(viewer, id);
        if (listing.organizationId !== organizationId) errors.push({ field: `${field}[${i}]`, message: 'this listing belongs to another organization' });
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() !== HttpStatus.NOT_FOUND) throw error;
        errors.push({ field: `${field}[${i}]`, message: 'no listing has this id' });
      }
    }
    if (errors.length > 0) throw new ValidationProblem(errors);
  }
}
