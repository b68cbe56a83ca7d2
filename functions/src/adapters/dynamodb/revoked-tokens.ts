import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RevokedTokens } from '../../core/ports/revoked-tokens.ts';

/**
 * Signed-out token ids in DynamoDB, one item per id. The TTL attribute `expiresAt` lets
 * DynamoDB delete an item once its token would have expired anyway, so the table holds only
 * the tokens that still need refusing.
 */
export class DynamoRevokedTokens implements RevokedTokens {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async revoke(tokenId: string, expiresAt: number): Promise<void> {
    // Signing out twice writes the same item again: nothing to guard.
    await this.client.send(new PutCommand({ TableName: this.table, Item: { tokenId, expiresAt } }));
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { tokenId },
        ConsistentRead: true,
        ProjectionExpression: 'tokenId',
      }),
    );
    return Item !== undefined;
  }
}
