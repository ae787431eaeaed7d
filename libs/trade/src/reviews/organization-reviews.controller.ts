import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseUuidPipe, Public } from '@psar/identity';
import { ApiProblems, Page, PageQuery } from '@psar/platform';
import { ReviewDto, ReviewPageDto } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get(':id/reviews')
  @Public()
  @ApiOperation({ summary: "Reviews an organization received from its trading partners, newest first (public)" })
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiProblems(400)
  list(@Param('id', ParseUuidPipe) id: string, @Query() query: PageQuery): Promise<Page<ReviewDto>> {
    return this.reviews.ofOrganization(id, query);
  }
}
