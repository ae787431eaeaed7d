import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, ParseUuidPipe } from '@psar/identity';
import { ApiProblems } from '@psar/platform';
import { DemandMatchListDto, ListingMatchListDto } from './dto/match.dto';
import { MatchingService } from './matching.service';

@ApiTags('matching')
@Authenticated()
@Controller()
export class MatchesController {
  constructor(private readonly matching: MatchingService) {}

  @Get('demands/:id/matches')
  @ApiOperation({
    summary: "Listings that fit your demand, ranked, with pooled supply from several producers when no single one covers it (the buyer's members)",
  })
  @ApiOkResponse({ type: DemandMatchListDto })
  @ApiProblems(400, 404)
  async forDemand(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DemandMatchListDto> {
    return { items: await this.matching.forDemandOf(user.id, id) };
  }

  @Get('listings/:id/matches')
  @ApiOperation({ summary: "Open demands your listing fits, ranked (the seller's members)" })
  @ApiOkResponse({ type: ListingMatchListDto })
  @ApiProblems(400, 404)
  async forListing(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<ListingMatchListDto> {
    return { items: await this.matching.forListingOf(user.id, id) };
  }
}
