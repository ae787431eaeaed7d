import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser } from '@psar/identity';
import { ApiProblems } from '@psar/platform';
import { SmsPushSettingsDto, UpdateSmsPushSettingsDto } from './dto/sms-push-settings.dto';
import { SmsPushSettingsService } from './sms-push-settings.service';

@ApiTags('sms')
@Authenticated()
@Controller('me/sms-notifications')
export class SmsPushSettingsController {
  constructor(private readonly settings: SmsPushSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Which notifications you also get by SMS' })
  @ApiOkResponse({ type: SmsPushSettingsDto })
  get(@CurrentUser() user: AuthenticatedUser): Promise<SmsPushSettingsDto> {
    return this.settings.get(user.id);
  }

  @Put()
  @ApiOperation({
    summary: 'Choose which notifications you also get by SMS',
    description:
      'Kinds left out keep their setting. Pushes respect a daily cap (SMS_DAILY_CAP) and quiet hours (SMS_QUIET_HOURS, held until they end); STOP by SMS stops them all.',
  })
  @ApiOkResponse({ type: SmsPushSettingsDto })
  @ApiProblems(400, 422)
  update(@CurrentUser() user: AuthenticatedUser, @Body() dto: UpdateSmsPushSettingsDto): Promise<SmsPushSettingsDto> {
    return this.settings.update(user.id, dto.kinds);
  }
}
