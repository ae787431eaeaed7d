import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '@psar/platform';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Public } from '../auth/public.decorator';
import { ApiProblems } from '@psar/platform';
import { ParseUuidPipe } from '../http/parse-uuid.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { GroupMemberDto, GroupMemberPageDto, GroupMembershipDto, JoinGroupDto, ListGroupMembersQuery } from './dto/group-membership.dto';
import { GroupsService } from './groups.service';

@ApiTags('organizations')
@Authenticated()
@Controller('organizations/:groupId/member-organizations')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Ask for your firm to join this cooperative or working group' })
  @ApiCreatedResponse({ type: GroupMembershipDto })
  @ApiProblems(400, 403, 404, 409, 422)
  requestToJoin(
    @CurrentUser() user: AuthenticatedUser,
    @Param('groupId', ParseUuidPipe) groupId: string,
    @Body() dto: JoinGroupDto,
  ): Promise<GroupMembershipDto> {
    return this.groups.requestToJoin(user.id, groupId, dto.organizationId);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: "The group's member firms (approved: public)" })
  @ApiOkResponse({ type: GroupMemberPageDto })
  @ApiProblems(400, 403, 404)
  list(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @Param('groupId', ParseUuidPipe) groupId: string,
    @Query() query: ListGroupMembersQuery,
  ): Promise<Page<GroupMemberDto>> {
    return this.groups.listMembers(user?.id, groupId, query);
  }

  @Post(':organizationId/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve a request to join (group managers)' })
  @ApiOkResponse({ type: GroupMembershipDto })
  @ApiProblems(400, 403, 404, 409)
  approve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('groupId', ParseUuidPipe) groupId: string,
    @Param('organizationId', ParseUuidPipe) organizationId: string,
  ): Promise<GroupMembershipDto> {
    return this.groups.decide(user.id, groupId, organizationId, 'approved');
  }

  @Post(':organizationId/refuse')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Refuse a request to join (group managers)' })
  @ApiOkResponse({ type: GroupMembershipDto })
  @ApiProblems(400, 403, 404, 409)
  refuse(
    @CurrentUser() user: AuthenticatedUser,
    @Param('groupId', ParseUuidPipe) groupId: string,
    @Param('organizationId', ParseUuidPipe) organizationId: string,
  ): Promise<GroupMembershipDto> {
    return this.groups.decide(user.id, groupId, organizationId, 'refused');
  }

  @Delete(':organizationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Leave the group (member firm managers) or remove a firm (group managers)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404)
  async leave(
    @CurrentUser() user: AuthenticatedUser,
    @Param('groupId', ParseUuidPipe) groupId: string,
    @Param('organizationId', ParseUuidPipe) organizationId: string,
  ): Promise<void> {
    await this.groups.leave(user.id, groupId, organizationId);
  }
}
