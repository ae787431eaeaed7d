import { Controller, HttpCode, HttpStatus, Inject, NotFoundException, Param, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SMS_GATEWAYS, type SmsGateway } from '../gateways/sms-gateway';
import { SmsOutbox } from '../outbound/sms-outbox.service';
import { rawBodyOf } from './raw-body';
import { SmsInboundService } from './sms-inbound.service';

/**
 * Webhooks of SMS gateways. Not behind Psar's sign-in: the adapter authenticates the gateway
 * (credentials, signature, address) before anything is read, and a refused request stores nothing.
 * Left out of the OpenAPI document: gateways call it, not the web app.
 */
@ApiExcludeController()
@Controller('sms')
export class SmsInboundController {
  constructor(
    @Inject(SMS_GATEWAYS) private readonly gateways: SmsGateway[],
    private readonly outbox: SmsOutbox,
    private readonly inbound: SmsInboundService,
  ) {}

  @Post(':gateway/inbound')
  @HttpCode(HttpStatus.OK)
  async receive(@Param('gateway') name: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // Only the configured gateway's webhook is open.
    const gateway = this.outbox.gateway?.name === name ? this.gateways.find((g) => g.name === name) : undefined;
    if (!gateway) throw new NotFoundException(`No SMS gateway "${name}" is configured`);
    const gatewayRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      rawBody: rawBodyOf(request),
      remoteAddress: request.ip,
    };
    if (!gateway.authenticate(gatewayRequest)) throw new UnauthorizedException('The SMS gateway could not be authenticated');
    await this.inbound.receive(gateway, gateway.parseInbound(gatewayRequest));
    if (gateway.acknowledgement) {
      void reply.header('content-type', gateway.acknowledgement.contentType);
      return gateway.acknowledgement.body;
    }
    // Empty: the reply goes out through the outbox, not in this answer.
    return '';
  }
}
