import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedStorage } from '../../../functions/src/local/embedded-storage.ts';
import type { EmbeddedStorage } from '../../../functions/src/local/embedded-storage.ts';
import { DynamoRevokedTokens } from '../../../functions/src/adapters/dynamodb/revoked-tokens.ts';

let storage: EmbeddedStorage;
let revoked: DynamoRevokedTokens;

beforeAll(async () => {
  storage = await startEmbeddedStorage();
  revoked = new DynamoRevokedTokens(storage.clients.dynamodb, storage.config.tables.revokedTokens);
});
afterAll(() => storage.stop());

describe('DynamoRevokedTokens', () => {
  it('knows nothing of a token that was never signed out', async () => {
    expect(await revoked.isRevoked('never-signed-out')).toBe(false);
  });

  it('refuses a token from the moment it is signed out', async () => {
    await revoked.revoke('jti-signed-out', 1_790_028_800);
    expect(await revoked.isRevoked('jti-signed-out')).toBe(true);
    expect(await revoked.isRevoked('jti-other')).toBe(false);
  });

  it('stores the expiry as the TTL attribute, so DynamoDB can forget the id afterwards', async () => {
    await revoked.revoke('jti-ttl', 1_790_000_000);
    const { Item } = await storage.clients.dynamodb.send(
      new GetCommand({
        TableName: storage.config.tables.revokedTokens,
        Key: { tokenId: 'jti-ttl' },
      }),
    );
    expect(Item).toEqual({ tokenId: 'jti-ttl', expiresAt: 1_790_000_000 });
  });

  it('takes a second sign-out of the same token without complaint', async () => {
    await revoked.revoke('jti-twice', 1_790_000_000);
    await revoked.revoke('jti-twice', 1_790_000_000);
    expect(await revoked.isRevoked('jti-twice')).toBe(true);
  });

  it('lets a storage failure through rather than calling the token valid', async () => {
    const missing = new DynamoRevokedTokens(storage.clients.dynamodb, 'no-such-table');
    await expect(missing.isRevoked('jti-signed-out')).rejects.toThrow();
  });
});
