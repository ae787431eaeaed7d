import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems, isUuid, ProblemException } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { PHOTO_WIDTHS, type PhotoWidth } from './photo-processing';
import { PhotosService } from './photos.service';

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Photos are public: a web app on another origin (CORS_ORIGINS) may show them, which helmet's same-origin default forbids.
const CROSS_ORIGIN = { 'cross-origin-resource-policy': 'cross-origin' };

/** Serves photo files. Public: the things they show are public (listings, profiles). */
@ApiTags('photos')
@Controller('photos')
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Get(':id/:file')
  @ApiOperation({
    summary: 'A photo at one width (WebP)',
    description:
      'Immutable: cache it for good (a new upload has a new URL); revalidate with If-None-Match. ' +
      'With S3 storage this redirects to the object store.',
  })
  @ApiProduces('image/webp')
  @ApiOkResponse({ description: 'The image' })
  @ApiProblems(404)
  async serve(
    @Param('id') id: string,
    @Param('file') fileName: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const width = Number(/^(\d+)\.webp$/.exec(fileName)?.[1]);
    if (!isUuid(id) || !PHOTO_WIDTHS.includes(width as PhotoWidth)) throw notFound();
    const served = await this.photos.file(id, width as PhotoWidth, ifNoneMatch);
    switch (served.kind) {
      case 'missing':
        throw notFound();
      case 'redirect':
        await reply.header('cache-control', `public, max-age=${served.maxAgeSeconds}`).redirect(served.location, 302);
        return;
      case 'not-modified':
        await reply.status(304).headers(CROSS_ORIGIN).header('etag', `"${served.etag}"`).header('cache-control', IMMUTABLE).send();
        return;
      case 'bytes':
        await reply
          .status(200)
          .headers(CROSS_ORIGIN)
          .header('content-type', served.contentType)
          .header('etag', `"${served.etag}"`)
          .header('cache-control', IMMUTABLE)
          .send(served.body);
        return;
    }
  }
}

const notFound = () => new ProblemException(404, 'not-found', 'No such photo');
