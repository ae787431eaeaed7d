import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe } from '@psar/identity';
import { PhotoDto, PhotoListDto, PhotosService, PhotoUploadDto, readPhotoUpload, ReorderPhotosDto } from '@psar/media';
import { ApiProblems } from '@psar/platform';
import type { FastifyRequest } from 'fastify';
import { EventsService } from './events.service';

/** What an exposure visit will show, in photos: its organizer's managers change them. */
@ApiTags('events')
@Authenticated()
@Controller('events/:id/photos')
export class EventPhotosController {
  constructor(
    private readonly events: EventsService,
    private readonly photos: PhotosService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: "Add a photo of what the event will show (managers of the organizer; at most 8)",
    description: 'multipart/form-data, the image in the field `file`: JPEG, PNG, WebP or AVIF, checked by content. Stored as WebP at 320, 480, 800 and 1600 px, metadata (GPS) removed.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PhotoUploadDto })
  @ApiCreatedResponse({ type: PhotoDto })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  async upload(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Req() request: FastifyRequest): Promise<PhotoDto> {
    // Who may comes first: an outsider's upload is not even read.
    await this.events.assertCanChangePhotos(user.id, id);
    const { file } = await readPhotoUpload(request);
    return this.photos.upload({ type: 'event', id }, 'photo', file, user.id);
  }

  @Put('order')
  @ApiOperation({ summary: 'Put the photos in a new order; the first is the cover' })
  @ApiOkResponse({ type: PhotoListDto })
  @ApiProblems(400, 403, 404, 409)
  async reorder(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: ReorderPhotosDto): Promise<PhotoListDto> {
    await this.events.assertCanChangePhotos(user.id, id);
    return { photos: await this.photos.reorder({ type: 'event', id }, dto.photoIds) };
  }

  @Delete(':photoId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a photo' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404, 409)
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Param('photoId', ParseUuidPipe) photoId: string): Promise<void> {
    await this.events.assertCanChangePhotos(user.id, id);
    await this.photos.remove({ type: 'event', id }, photoId);
  }
}
