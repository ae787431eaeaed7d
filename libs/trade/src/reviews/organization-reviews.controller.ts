import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, ParseUuidPipe, Public } from '@psar/identity';
import { ApiProblems, Page, PageQuery } from '@psar/platform';
import { ReviewDto, ReviewPageDto } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('organizations')
// Public, but a token (when sent) lets a reviewer see its own still blind reviews.
@Authenticated()
@Controller('organizations')
export class OrganizationReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get(':id/reviews')
  @Public()
  @ApiOperation({
    summary: 'Reviews an organization received from its trading partners, newest first (public)',
    description:
      'Blind: a review shows once both sides of the deal reviewed, or 14 days after the deal completed; until then only the reviewing organization sees it (hiddenUntil).',
  })
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser | undefined, @Param('id', ParseUuidPipe) id: string, @Query() query: PageQuery): Promise<Page<ReviewDto>> {
    return this.reviews.ofOrganization(user?.id, id, query);
  }
}
