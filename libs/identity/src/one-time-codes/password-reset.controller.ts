import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { ConfirmPasswordResetDto, PasswordResetRequestedDto, RequestPasswordResetDto } from './dto/one-time-code.dto';
import { PasswordResetService } from './password-reset.service';

@ApiTags('identity')
@Public()
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for a code to reset a forgotten password',
    description:
      'Sends a 6-digit code by SMS to the account with this phone (if its phone is verified) or by email. Always 202 with the same body, whether or not such an account exists.',
  })
  @ApiAcceptedResponse({ type: PasswordResetRequestedDto })
  @ApiProblems(400, 429)
  request(@Body() dto: RequestPasswordResetDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<PasswordResetRequestedDto> {
    return this.resets.request(dto, reply);
  }

  @Post('confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the code; every session of the account ends' })
  @ApiNoContentResponse()
  @ApiProblems(400)
  async confirm(@Body() dto: ConfirmPasswordResetDto): Promise<void> {
    await this.resets.confirm(dto);
  }
}
