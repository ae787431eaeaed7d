import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { ListRegistrationsQuery, MyRegistrationDto, MyRegistrationPageDto } from './dto/registration.dto';
import { RegistrationsService } from './registrations.service';

@ApiTags('trainings')
@Authenticated()
@Controller('training-registrations')
export class MyRegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your registrations with their check-in codes, soonest session first' })
  @ApiOkResponse({ type: MyRegistrationPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListRegistrationsQuery): Promise<Page<MyRegistrationDto>> {
    return this.registrations.listMine(user.id, query);
  }
}
