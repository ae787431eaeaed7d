import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Page } from '@psar/platform';
import { ActingFor } from '../access/acting-for.decorator';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ParseUuidPipe } from '../http/parse-uuid.pipe';
import { ListMemberInvitationsQuery, MemberInvitationDto, MemberInvitationPageDto } from './dto/member-invitation.dto';
import { MemberInvitationsService } from './member-invitations.service';

@ApiTags('organizations')
@Authenticated()
@Controller('organizations')
export class MemberInvitationsController {
  constructor(private readonly invitations: MemberInvitationsService) {}

  @Get(':id/invitations')
  @ActingFor({ param: 'id', minRole: 'manager' })
  @ApiOperation({ summary: 'Pending invitations to phone numbers with no account yet, newest first (owners and managers)' })
  @ApiOkResponse({ type: MemberInvitationPageDto })
  list(@Param('id', ParseUuidPipe) id: string, @Query() query: ListMemberInvitationsQuery): Promise<Page<MemberInvitationDto>> {
    return this.invitations.list(id, query);
  }

  @Delete(':id/invitations/:invitationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a pending invitation (owners and managers; an invitation to become owner, owners only)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404)
  async revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('invitationId', ParseUuidPipe) invitationId: string,
  ): Promise<void> {
    await this.invitations.revoke(user.id, id, invitationId);
  }
}
