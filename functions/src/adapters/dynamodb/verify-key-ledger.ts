import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KeyLedgerDay, VerifyKeyLedger } from '../../core/ports/verify-key-ledger.ts';
import { conditionally } from './conditional.ts';

/**
 * The distinct-key ledger in DynamoDB: one item per grant and day holding a string set of key
 * hashes (10,000 hashes of 16 hex digits stay well under the 400 KB item limit), a revision
 * that makes concurrent calls of one grant take turns, and a TTL that clears past days.
 */
export class DynamoVerifyKeyLedger implements VerifyKeyLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async read(grant: string, day: string): Promise<KeyLedgerDay> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { id: idOf(grant, day) },
        ConsistentRead: true,
      }),
    );
    if (!Item) return { hashes: new Set(), revision: 0 };
    const hashes = Item.hashes instanceof Set ? (Item.hashes as Set<string>) : new Set<string>();
    return { hashes, revision: Number(Item.revision) };
  }

  async add(
    grant: string,
    day: string,
    hashes: readonly string[],
    revision: number,
    expiresAt: number,
  ): Promise<void> {
    if (hashes.length === 0) return;
    const id = idOf(grant, day);
    const conflict = `grant ${grant} verified other keys at the same moment; send the call again`;
    if (revision === 0) {
      await conditionally(
        () =>
          this.client.send(
            new PutCommand({
              TableName: this.table,
              Item: { id, hashes: new Set(hashes), revision: 1, expiresAt },
              ConditionExpression: 'attribute_not_exists(id)',
            }),
          ),
        conflict,
      );
      return;
    }
    await conditionally(
      () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { id },
            UpdateExpression: 'ADD hashes :hashes SET revision = :next, expiresAt = :expiresAt',
            ConditionExpression: 'revision = :revision',
            ExpressionAttributeValues: {
              ':hashes': new Set(hashes),
              ':next': revision + 1,
              ':revision': revision,
              ':expiresAt': expiresAt,
            },
          }),
        ),
      conflict,
    );
  }
}

function idOf(grant: string, day: string): string {
  return `${grant}/${day}`;
}
