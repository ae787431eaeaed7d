import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe, Public } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { CreateListingDto } from './dto/create-listing.dto';
import { ListingDto, ListingPageDto } from './dto/listing.dto';
import { SearchListingsQuery } from './dto/search-listings.query';
import { UpdateListingDto } from './dto/update-listing.dto';
import { ListingsService } from './listings.service';

@ApiTags('listings')
@Authenticated()
@Controller('listings')
export class ListingsController {
  constructor(private readonly listings: ListingsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'List supply for sale (owner or manager of an organization that can sell)' })
  @ApiCreatedResponse({ type: ListingDto })
  @ApiProblems(400, 403, 404)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateListingDto): Promise<ListingDto> {
    return this.listings.create(user.id, dto);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Search listings',
    description:
      'Active listings of everyone; with mine=true (and a token) your organizations\' listings in every status ' +
      '(paused, sold out, expired, closed), optionally one status. ' +
      'With q, sort=relevance ranks the 500 most recent matches and sort=price the 1,000 most recent. ' +
      'Pages are stable for every sort: pass nextCursor back ' +
      'with the same filters and sort.',
  })
  @ApiOkResponse({ type: ListingPageDto })
  @ApiProblems(400)
  search(@CurrentUser() user: AuthenticatedUser | undefined, @Query() query: SearchListingsQuery): Promise<Page<ListingDto>> {
    return this.listings.search(user, query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A listing (paused, expired and closed ones only for its organization)' })
  @ApiOkResponse({ type: ListingDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser | undefined, @Param('id', ParseUuidPipe) id: string): Promise<ListingDto> {
    return this.listings.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change, pause or resume a listing (its organization's owners and managers)" })
  @ApiOkResponse({ type: ListingDto })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateListingDto): Promise<ListingDto> {
    return this.listings.update(user.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Close a listing for good' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404)
  async close(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.listings.close(user.id, id);
  }
}
