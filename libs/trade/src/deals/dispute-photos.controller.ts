import { Controller, Delete, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, OrganizationAccessService, ParseUuidPipe } from '@psar/identity';
import { PhotoDto, PhotosService, PhotoUploadDto, readPhotoUpload } from '@psar/media';
import { ApiProblems, ProblemException } from '@psar/platform';
import type { FastifyRequest } from 'fastify';
import { DealsService } from './deals.service';

/** What a buyer shows of a disputed delivery (broken tiles, a scale's reading), in the dispute of its deal. */
@ApiTags('deals')
@Authenticated()
@Controller('deals/:id/dispute/photos')
export class DisputePhotosController {
  constructor(
    private readonly deals: DealsService,
    private readonly access: OrganizationAccessService,
    private readonly photos: PhotosService,
  ) {}

  /** The buyer's managers, while the dispute is open; the seller 403, anyone else 404 (as for the deal). */
  private async assertBuyerOfOpenDispute(userId: string, dealId: string): Promise<void> {
    const deal = await this.deals.get(userId, dealId);
    await this.access.assertCanAct(userId, deal.buyerOrganizationId, { minRole: 'manager', field: 'id' });
    if (deal.status !== 'disputed') throw new ProblemException(HttpStatus.CONFLICT, 'not-disputed', 'Photos go with an open dispute');
  }

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: "Add a photo to the deal's open dispute (the buyer's managers; at most 8)",
    description: 'multipart/form-data, the image in the field `file`: JPEG, PNG, WebP or AVIF, checked by content, metadata (GPS) removed. Both sides see it in the deal.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PhotoUploadDto })
  @ApiCreatedResponse({ type: PhotoDto })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  async upload(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Req() request: FastifyRequest): Promise<PhotoDto> {
    // Who may comes first: an outsider's upload is not even read.
    await this.assertBuyerOfOpenDispute(user.id, id);
    const { file } = await readPhotoUpload(request);
    return this.photos.upload({ type: 'dispute', id }, 'photo', file, user.id);
  }

  @Delete(':photoId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a photo from the open dispute' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404, 409)
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Param('photoId', ParseUuidPipe) photoId: string): Promise<void> {
    await this.assertBuyerOfOpenDispute(user.id, id);
    await this.photos.remove({ type: 'dispute', id }, photoId);
  }
}
