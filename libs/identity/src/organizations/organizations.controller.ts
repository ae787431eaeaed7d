import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Page } from '@psar/platform';
import { ActingFor } from '../access/acting-for.decorator';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Public } from '../auth/public.decorator';
import { ApiProblems } from '@psar/platform';
import { ParseUuidPipe } from '../http/parse-uuid.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { AddMemberDto, MemberAddedDto, MemberInvitedDto, MemberListDto } from './dto/member.dto';
import {
  CreateOrganizationDto,
  ListOrganizationsQuery,
  OrganizationDto,
  OrganizationPageDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Authenticated()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Create an organization; you become its owner' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiProblems(400)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(user.id, dto);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'The directory of organizations, by name' })
  @ApiOkResponse({ type: OrganizationPageDto })
  @ApiProblems(400)
  list(@Query() query: ListOrganizationsQuery): Promise<Page<OrganizationDto>> {
    return this.organizations.list(query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'Public profile of an organization' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser | undefined, @Param('id', ParseUuidPipe) id: string): Promise<OrganizationDto> {
    return this.organizations.get(id, { reader: user });
  }

  @Patch(':id')
  @ActingFor({ param: 'id', minRole: 'manager' })
  @ApiOperation({ summary: 'Change the profile (owner or manager)' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(400)
  update(@Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.update(id, dto);
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark as verified (platform administrators only)' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(400, 403, 404)
  verify(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<OrganizationDto> {
    return this.organizations.verify(user.id, id);
  }

  @Get(':id/members')
  @ActingFor({ param: 'id' })
  @ApiOperation({ summary: 'The people of the organization and their roles (members only)' })
  @ApiOkResponse({ type: MemberListDto })
  async listMembers(@Param('id', ParseUuidPipe) id: string): Promise<MemberListDto> {
    return { items: await this.organizations.listMembers(id) };
  }

  @Post(':id/members')
  @Idempotent()
  @ApiOperation({
    summary: "Add a member by phone number (or user id), or change a member's role (managers; owners for the owner role)",
    description:
      'A number with an account is added at once (201, status "added"). A number with no account gets an invitation (202, status "invited"): ' +
      'whoever signs up with that number becomes a member with this role. Inviting a number again updates its one pending invitation.',
  })
  @ApiCreatedResponse({ type: MemberAddedDto, description: 'The person is a member now' })
  @ApiAcceptedResponse({ type: MemberInvitedDto, description: 'No account has this number: invited, a member once they sign up with it' })
  @ApiProblems(400, 403, 404, 422)
  async addMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: AddMemberDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberAddedDto | MemberInvitedDto> {
    const result = await this.organizations.addMember(user.id, id, dto);
    if (result.status === 'invited') reply.status(HttpStatus.ACCEPTED);
    return result;
  }

  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a member, or leave (the last owner cannot)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404, 422)
  async removeMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('userId', ParseUuidPipe) userId: string,
  ): Promise<void> {
    await this.organizations.removeMember(user.id, id, userId);
  }
}
