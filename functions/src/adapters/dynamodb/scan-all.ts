import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type {
  DynamoDBDocumentClient,
  QueryCommandInput,
  ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** Reads every page of a scan. */
export async function scanAll(
  client: DynamoDBDocumentClient,
  input: ScanCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Reads every page of a query. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of a secondary index whose partition key `key` is `value`, in sort-key order. */
export function queryIndex(
  client: DynamoDBDocumentClient,
  table: string,
  index: { name: string; key: string; value: string; ascending: boolean },
): Promise<Record<string, unknown>[]> {
  return queryAll(client, {
    TableName: table,
    IndexName: index.name,
    KeyConditionExpression: '#key = :value',
    ExpressionAttributeNames: { '#key': index.key },
    ExpressionAttributeValues: { ':value': index.value },
    ScanIndexForward: index.ascending,
  });
}
