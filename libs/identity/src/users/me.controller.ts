import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiProblems } from '@psar/platform';
import { MeDto, UpdateMeDto } from './dto/me.dto';
import { UsersService } from './users.service';

@ApiTags('identity')
@Authenticated()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'The caller and the organizations they belong to' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeDto> {
    return this.users.me(user.id);
  }

  @Patch()
  @ApiOperation({ summary: 'Change your name or language' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(400)
  update(@CurrentUser() user: AuthenticatedUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.users.updateMe(user.id, dto);
  }
}
