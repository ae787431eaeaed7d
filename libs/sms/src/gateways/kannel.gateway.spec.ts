import { validateEnvironment } from '@psar/platform';
import { KannelGateway } from './kannel.gateway';
import type { GatewayRequest } from './sms-gateway';

const PASSWORD = 'a-long-inbound-password';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function request(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: 'POST',
    url: '/api/v1/sms/kannel/inbound?id=4b65-69db&from=%2B85512345678&to=1234&ts=1796233877',
    headers: { authorization: basic('kannel', PASSWORD), 'content-type': 'text/plain; charset="UTF-8"' },
    rawBody: Buffer.from('ជំរាបសួរ HELP'),
    remoteAddress: '127.0.0.1',
    ...overrides,
  };
}

describe('KannelGateway', () => {
  const gateway = new KannelGateway(validateEnvironment({ KANNEL_INBOUND_PASSWORD: PASSWORD }));

  it('accepts its basic-auth credentials and nothing else', () => {
    expect(gateway.authenticate(request())).toBe(true);
    for (const authorization of [basic('kannel', `${PASSWORD}x`), basic('other', PASSWORD), `Bearer ${PASSWORD}`, '', undefined]) {
      expect(gateway.authenticate(request({ headers: { authorization } }))).toBe(false);
    }
  });

  it('refuses the right credentials from outside KANNEL_INBOUND_ALLOW_IPS', () => {
    const listed = new KannelGateway(validateEnvironment({ KANNEL_INBOUND_PASSWORD: PASSWORD, KANNEL_INBOUND_ALLOW_IPS: '10.0.0.5, 127.0.0.1' }));
    expect(listed.authenticate(request({ remoteAddress: '::ffff:127.0.0.1' }))).toBe(true);
    expect(listed.authenticate(request({ remoteAddress: '10.0.0.6' }))).toBe(false);
  });

  it('reads the id and sender from the query and the text from the body, in its charset', () => {
    expect(gateway.parseInbound(request())).toEqual([
      { gatewayMessageId: '4b65-69db', from: '+85512345678', to: '1234', text: 'ជំរាបសួរ HELP', receivedAt: new Date(1796233877 * 1000) },
    ]);
    const utf16 = request({ headers: { 'content-type': 'text/plain; charset=UTF-16BE' }, rawBody: Buffer.from('សួស្តី', 'utf16le').swap16() });
    expect(gateway.parseInbound(utf16)[0]!.text).toBe('សួស្តី');
  });

  it('names the missing field, and refuses text that is not what its charset says', () => {
    expect(() => gateway.parseInbound(request({ url: '/api/v1/sms/kannel/inbound?from=%2B85512345678' }))).toThrow(/Validation|id/i);
    expect(() => gateway.parseInbound(request({ rawBody: Buffer.from([0xff, 0xfe, 0x41]) }))).toThrow();
  });
});
