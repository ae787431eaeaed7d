import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PHOTO_KINDS, PhotoDto, PhotoListDto, type PhotoKind, PhotosService, PhotoUploadDto, readPhotoUpload, ReorderPhotosDto } from '@psar/media';
import { ApiProblems, ValidationProblem } from '@psar/platform';
import type { FastifyRequest } from 'fastify';
import { ActingFor } from '../access/acting-for.decorator';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ParseUuidPipe } from '../http/parse-uuid.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';

function photoKind(value: string | undefined): PhotoKind {
  if (value === undefined) return 'photo';
  if (!(PHOTO_KINDS as readonly string[]).includes(value)) throw new ValidationProblem([{ field: 'kind', message: `kind must be one of ${PHOTO_KINDS.join(', ')}` }]);
  return value as PhotoKind;
}

/** The logo and photos of a profile: its owners and managers change them. */
@ApiTags('organizations')
@Authenticated()
@Controller('organizations/:id/photos')
export class OrganizationPhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Post()
  @Idempotent()
  @ActingFor({ param: 'id', minRole: 'manager' })
  @ApiOperation({
    summary: 'Add a photo, or set the logo with kind=logo (owner or manager)',
    description:
      'multipart/form-data, the image in the field `file` (and `kind` as a query parameter or a field before the file). ' +
      'At most 8 photos; a new logo replaces the old one.',
  })
  @ApiQuery({ name: 'kind', enum: PHOTO_KINDS, required: false })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PhotoUploadDto })
  @ApiCreatedResponse({ type: PhotoDto })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Query('kind') kindQuery: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<PhotoDto> {
    photoKind(kindQuery);
    const { file, fields } = await readPhotoUpload(request);
    return this.photos.upload({ type: 'organization', id }, photoKind(kindQuery ?? fields.kind), file, user.id);
  }

  @Put('order')
  @ActingFor({ param: 'id', minRole: 'manager' })
  @ApiOperation({ summary: 'Put the photos in a new order (the logo is apart)' })
  @ApiOkResponse({ type: PhotoListDto })
  @ApiProblems(400)
  async reorder(@Param('id', ParseUuidPipe) id: string, @Body() dto: ReorderPhotosDto): Promise<PhotoListDto> {
    return { photos: await this.photos.reorder({ type: 'organization', id }, dto.photoIds) };
  }

  @Delete(':photoId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ActingFor({ param: 'id', minRole: 'manager' })
  @ApiOperation({ summary: 'Remove a photo or the logo' })
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUuidPipe) id: string, @Param('photoId', ParseUuidPipe) photoId: string): Promise<void> {
    await this.photos.remove({ type: 'organization', id }, photoId);
  }
}
