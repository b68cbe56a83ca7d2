import { describe, expect, it } from 'vitest';
import { clientAddress, rateAddress } from '../../../functions/src/core/access/client-address.ts';

describe('clientAddress', () => {
  it('takes the viewer address CloudFront sets over the edge address API Gateway sees', () => {
    expect(
      clientAddress({
        kind: 'lambda',
        sourceIp: '130.176.1.1',
        viewerAddress: '198.51.100.10:46532',
      }),
    ).toBe('198.51.100.10');
  });

  it('cuts the port off an IPv6 viewer address at the last colon, bracketed or not', () => {
    expect(
      clientAddress({ kind: 'lambda', viewerAddress: '2001:db8:85a3::8a2e:370:7334:46532' }),
    ).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(clientAddress({ kind: 'lambda', viewerAddress: '[2001:db8::1]:443' })).toBe(
      '2001:db8::1',
    );
  });

  it('falls back to API Gateway’s source address when the request did not come through CloudFront', () => {
    expect(clientAddress({ kind: 'lambda', sourceIp: '203.0.113.7' })).toBe('203.0.113.7');
    expect(clientAddress({ kind: 'lambda', sourceIp: '203.0.113.7', viewerAddress: '  ' })).toBe(
      '203.0.113.7',
    );
  });

  it('takes the socket’s peer locally, IPv4-mapped IPv6 written as IPv4', () => {
    expect(clientAddress({ kind: 'socket', remoteAddress: '::ffff:127.0.0.2' })).toBe('127.0.0.2');
    expect(clientAddress({ kind: 'socket', remoteAddress: '::1' })).toBe('::1');
    expect(clientAddress({ kind: 'socket', remoteAddress: '2001:DB8::A' })).toBe('2001:db8::a');
  });

  it('says unknown when the transport tells nothing', () => {
    expect(clientAddress({ kind: 'none' })).toBe('unknown');
    expect(clientAddress({ kind: 'socket' })).toBe('unknown');
    expect(clientAddress({ kind: 'lambda' })).toBe('unknown');
  });
});

describe('rateAddress', () => {
  it('counts IPv4 addresses one by one', () => {
    expect(rateAddress('198.51.100.10')).toBe('198.51.100.10');
    expect(rateAddress('unknown')).toBe('unknown');
  });

  it('counts an IPv6 address as its /64, however it is written', () => {
    const network = '2001:db8:85a3:1::/64';
    for (const address of [
      '2001:db8:85a3:1::1',
      '2001:db8:85a3:1:ffff:ffff:ffff:ffff',
      '2001:0db8:85a3:0001:0000:0000:0000:0002',
      '2001:db8:85a3:1:0:0:198.51.100.1',
      '2001:db8:85a3:1::2%eth0',
    ])
      expect(rateAddress(address), address).toBe(network);
    expect(rateAddress('2001:db8:85a3:2::1')).not.toBe(network);
    expect(rateAddress('::1')).toBe('0:0:0:0::/64');
  });

  it('keeps text that is no IPv6 address as it is rather than merging it with others', () => {
    for (const text of ['1:2:3', '1::2::3', 'g::1', '1:2:3:4:5:6:7:8:9'])
      expect(rateAddress(text), text).toBe(text);
  });
});
