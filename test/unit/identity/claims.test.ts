import { describe, expect, it } from 'vitest';
import { identityFromClaims, idTokenClaims } from '../../../functions/src/core/identity/claims.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const PERSON = {
  user: 'demo-consumer-sh-civil-affairs',
  name: '演示用户·上海市民政局共享申请人',
  agency: 'sh-civil-affairs',
  roles: ['consumer' as const],
};
const TOKEN = {
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
  audience: '1example23456789',
  tokenId: '5f0c3a2e-0000-4000-8000-000000000001',
  issuedAt: 1_790_000_000,
  expiresAt: 1_790_028_800,
};

/** What a Cognito user pool puts in an ID token, extra claims included. */
function cognitoClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'a1b2c3d4-0000-4000-8000-00000000abcd',
    'cognito:groups': ['consumer', 'eu-west-1_AbCdEf123_Google'],
    email_verified: true,
    iss: TOKEN.issuer,
    'cognito:username': 'a1b2c3d4-0000-4000-8000-00000000abcd',
    origin_jti: '0d3c5b6a-0000-4000-8000-000000000002',
    aud: TOKEN.audience,
    event_id: '9e8d7c6b-0000-4000-8000-000000000003',
    token_use: 'id',
    auth_time: TOKEN.issuedAt,
    name: '上海市民政局 共享申请人',
    'custom:agency': 'sh-civil-affairs',
    exp: TOKEN.expiresAt,
    iat: TOKEN.issuedAt,
    jti: TOKEN.tokenId,
    email: 'requester@example.org',
    ...overrides,
  };
}

function refusal(claims: Record<string, unknown>): { message: string; field?: string } {
  try {
    identityFromClaims(claims);
  } catch (error) {
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).code).toBe('unauthorized');
    const first = (error as DatarunError).problems[0]!;
    return { message: first.message, ...(first.field && { field: first.field }) };
  }
  throw new Error('expected the claims to be refused');
}

describe('idTokenClaims', () => {
  it('writes the claims of a Cognito ID token, which identityFromClaims reads back', () => {
    const claims = idTokenClaims(PERSON, TOKEN);
    expect(claims).toEqual({
      sub: PERSON.user,
      name: PERSON.name,
      'custom:agency': PERSON.agency,
      'cognito:groups': ['consumer'],
      token_use: 'id',
      jti: TOKEN.tokenId,
      exp: TOKEN.expiresAt,
      iat: TOKEN.issuedAt,
      iss: TOKEN.issuer,
      aud: TOKEN.audience,
    });
    expect(identityFromClaims(claims)).toEqual({
      ...PERSON,
      tokenId: TOKEN.tokenId,
      expiresAt: TOKEN.expiresAt,
    });
  });
});

describe('identityFromClaims', () => {
  it('reads a real-shaped Cognito ID token, ignoring groups that are not roles', () => {
    expect(identityFromClaims(cognitoClaims())).toEqual({
      user: 'a1b2c3d4-0000-4000-8000-00000000abcd',
      name: '上海市民政局 共享申请人',
      agency: 'sh-civil-affairs',
      roles: ['consumer'],
      tokenId: TOKEN.tokenId,
      expiresAt: TOKEN.expiresAt,
    });
  });

  it('keeps every role a user holds, in the order of ROLES', () => {
    const claims = cognitoClaims({ 'cognito:groups': ['admin', 'auditors', 'provider'] });
    expect(identityFromClaims(claims).roles).toEqual(['provider', 'admin']);
  });

  it('refuses a token without a datarun role, naming the groups that would give one', () => {
    for (const groups of [undefined, [], ['auditors', 'Consumer']])
      expect(refusal(cognitoClaims({ 'cognito:groups': groups }))).toEqual({
        message:
          'the token carries no datarun role: its user must be in one of the groups consumer, provider, reviewer, admin',
        field: 'cognito:groups',
      });
  });

  it('refuses an access token or a token without token_use', () => {
    expect(refusal(cognitoClaims({ token_use: 'access' })).message).toMatch(
      /"access" token, not an ID token/,
    );
    expect(refusal(cognitoClaims({ token_use: undefined })).field).toBe('token_use');
  });

  it('names each claim that is missing', () => {
    for (const claim of ['sub', 'name', 'custom:agency', 'jti', 'exp'])
      expect(refusal(cognitoClaims({ [claim]: undefined }))).toEqual({
        message: `the token has no ${claim} claim`,
        field: claim,
      });
  });

  it('names each claim that is malformed', () => {
    const cases: [string, unknown][] = [
      ['sub', ''],
      ['sub', 42],
      ['name', 'x'.repeat(201)],
      ['custom:agency', 'Shanghai Civil Affairs'],
      ['cognito:groups', 'consumer'],
      ['cognito:groups', ['consumer', 7]],
      ['jti', { id: 1 }],
      ['exp', '1790028800'],
      ['exp', 1.5],
    ];
    for (const [claim, value] of cases)
      expect(refusal(cognitoClaims({ [claim]: value })).field, `${claim}=${String(value)}`).toBe(
        claim,
      );
  });
});
