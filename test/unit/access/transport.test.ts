import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { transportOf } from '../../../functions/src/api/access-middleware.ts';
import { clientAddress } from '../../../functions/src/core/access/client-address.ts';

/** The address the API would see for a request, given the transport's bindings (`c.env`). */
async function addressSeen(headers: Record<string, string>, env?: unknown): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(transportOf(c))));
  return (await app.request('/', { headers }, env)).text();
}

const SPOOFED = {
  'X-Forwarded-For': '10.9.9.9',
  Forwarded: 'for=10.8.8.8',
  'X-Real-IP': '10.7.7.7',
};

describe('transportOf', () => {
  it('ignores X-Forwarded-For, Forwarded and X-Real-IP on the Node server: the socket decides', async () => {
    const env = { incoming: { socket: { remoteAddress: '::ffff:127.0.0.2' } } };
    expect(await addressSeen(SPOOFED, env)).toBe('127.0.0.2');
    expect(await addressSeen({}, { server: env })).toBe('127.0.0.2');
  });

  it('ignores a CloudFront-Viewer-Address sent to the Node server, where no CloudFront set it', async () => {
    const env = { incoming: { socket: { remoteAddress: '127.0.0.3' } } };
    expect(await addressSeen({ 'CloudFront-Viewer-Address': '198.51.100.1:443' }, env)).toBe(
      '127.0.0.3',
    );
  });

  it('ignores X-Forwarded-For on Lambda too, taking CloudFront’s viewer address or API Gateway’s source', async () => {
    const requestContext = { http: { sourceIp: '130.176.1.1' } };
    expect(await addressSeen(SPOOFED, { requestContext })).toBe('130.176.1.1');
    expect(
      await addressSeen(
        { ...SPOOFED, 'CloudFront-Viewer-Address': '198.51.100.10:46532' },
        { requestContext },
      ),
    ).toBe('198.51.100.10');
  });

  it('knows no address for an in-process call, whatever the headers claim', async () => {
    expect(await addressSeen(SPOOFED)).toBe('unknown');
  });
});
