import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CodeSentDto, ConfirmCodeDto } from './dto/one-time-code.dto';
import { PhoneVerificationService } from './phone-verification.service';

@ApiTags('identity')
@Authenticated()
@Controller('me/phone-verification')
export class PhoneVerificationController {
  constructor(private readonly verification: PhoneVerificationService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a code by SMS to your phone number, to prove it is yours' })
  @ApiAcceptedResponse({ type: CodeSentDto })
  @ApiProblems(409, 422, 429, 503)
  send(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<CodeSentDto> {
    return this.verification.send(user.id, reply);
  }

  @Post('confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Confirm your phone number with the code received' })
  @ApiNoContentResponse()
  @ApiProblems(400, 422)
  async confirm(@CurrentUser() user: AuthenticatedUser, @Body() dto: ConfirmCodeDto): Promise<void> {
    await this.verification.confirm(user.id, dto.code);
  }
}
