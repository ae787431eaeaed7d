import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe } from '@psar/identity';
import { ApiProblems } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { CreateLedgerEntryDto, LedgerDto, LedgerLineDto, LedgerQuery } from './dto/ledger.dto';
import { LedgerService } from './ledger.service';

@ApiTags('ledger')
@Authenticated()
@Controller('organizations/:id')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('ledger')
  @ApiOperation({
    summary: "The organization's sales and purchases ledger (its members only)",
    description:
      'Deals delivered or completed in the period (on their delivery day), and the own costs and off-platform sales the organization added; ' +
      'amounts in their currency and in riel; totals by month, margin by product, the best customers. Another organization gets 404.',
  })
  @ApiOkResponse({ type: LedgerDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Query() query: LedgerQuery): Promise<LedgerDto> {
    return this.ledger.ledger(user.id, id, query);
  }

  @Get('ledger.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('cache-control', 'private, no-store')
  @ApiOperation({ summary: 'The ledger as CSV: a row per line, then the months and the total', description: 'UTF-8 with a byte order mark, so that Excel shows Khmer names.' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv', schema: { type: 'string' } })
  @ApiProblems(400, 404)
  async csv(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: LedgerQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { filename, body } = await this.ledger.csv(user.id, id, query);
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return body;
  }

  @Post('ledger-entries')
  @Idempotent()
  @ApiOperation({ summary: 'Add an own cost (feed, clay, fuel, labour) or a sale made off Psar to the ledger' })
  @ApiCreatedResponse({ type: LedgerLineDto })
  @ApiProblems(400, 404)
  add(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CreateLedgerEntryDto): Promise<LedgerLineDto> {
    return this.ledger.addEntry(user.id, id, dto);
  }

  @Delete('ledger-entries/:entryId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove an own entry added by mistake' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404)
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Param('entryId', ParseUuidPipe) entryId: string): Promise<void> {
    await this.ledger.removeEntry(user.id, id, entryId);
  }
}
