import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '@psar/platform';
import { RegisterThrottlerGuard } from '../rate-limit/register-throttler.guard';
import { AuthService } from './auth.service';
import { Authenticated, CurrentUser } from './authenticated.decorator';
import type { AuthenticatedUser } from './authenticated-user';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto } from './dto/register.dto';
import { SessionDto, TokenPairDto } from './dto/session.dto';
import { Public } from './public.decorator';

@ApiTags('identity')
@Authenticated()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @UseGuards(RegisterThrottlerGuard)
  @ApiOperation({ summary: 'Create an account with a phone number or an email; signs in' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiProblems(400, 409, 429)
  register(@Body() dto: RegisterDto): Promise<SessionDto> {
    return this.auth.register(dto);
  }

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with a phone number or an email' })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 429)
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionDto> {
    return this.auth.login(dto, request.ip, reply);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the old one stops working' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400)
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session: its refresh and access tokens stop working and its sockets close, on every replica' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.auth.logout(user);
  }
}
