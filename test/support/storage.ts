import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startEmbeddedStorage } from '../../functions/src/local/embedded-storage.ts';
import type { EmbeddedStorage } from '../../functions/src/local/embedded-storage.ts';
import { createStores } from '../../functions/src/adapters/index.ts';
import type { Stores } from '../../functions/src/adapters/index.ts';

export type TestStorage = EmbeddedStorage & { stores: Stores };

/** Fresh embedded S3 and DynamoDB servers on loopback, in a temporary folder. */
export async function startTestStorage(): Promise<TestStorage> {
  const storage = await startEmbeddedStorage();
  return { ...storage, stores: createStores(storage.config, storage.clients) };
}

/**
 * Everything storage holds, read through the AWS SDK: every object key with its ETag and
 * every table item. Two equal fingerprints mean nothing changed.
 */
export async function storageFingerprint(storage: EmbeddedStorage): Promise<string> {
  const parts: string[] = [];
  for (const bucket of Object.values(storage.config.buckets)) {
    const page = await storage.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const object of page.Contents ?? []) parts.push(`${bucket}/${object.Key} ${object.ETag}`);
  }
  for (const table of Object.values(storage.config.tables)) {
    const scan = await storage.clients.dynamodb.send(new ScanCommand({ TableName: table }));
    for (const item of scan.Items ?? []) parts.push(`${table} ${JSON.stringify(item)}`);
  }
  return parts.sort().join('\n');
}
