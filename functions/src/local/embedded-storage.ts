import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import dynalite from 'dynalite';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeDefinition, CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { localConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { createClients } from '../adapters/clients.ts';
import type { Clients } from '../adapters/clients.ts';
import { BUCKETS, TABLES } from '../storage-layout.ts';
import type { TableDefinition } from '../storage-layout.ts';

export type EmbeddedStorageOptions = {
  /** Where state is kept across restarts; a temporary folder, removed on stop, when absent. */
  stateDir?: string;
  /** 0 picks a free port. */
  s3Port?: number;
  dynamodbPort?: number;
};

export type EmbeddedStorage = {
  config: Config;
  clients: Clients;
  stop(): Promise<void>;
};

const HOST = '127.0.0.1';

/**
 * Starts S3- and DynamoDB-compatible servers on loopback (s3rver and dynalite: both pure
 * JavaScript, so a machine with only Node needs nothing else) and creates the buckets and
 * tables of storage-layout.ts on them, exactly as the CDK app defines them.
 */
export async function startEmbeddedStorage(
  options: EmbeddedStorageOptions = {},
): Promise<EmbeddedStorage> {
  const temporary = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'datarun-storage-')));
  await mkdir(join(stateDir, 's3'), { recursive: true });
  await mkdir(join(stateDir, 'dynamodb'), { recursive: true });

  const s3 = new S3rver({
    address: HOST,
    port: options.s3Port ?? 0,
    silent: true,
    directory: join(stateDir, 's3'),
  });
  const s3Address = await s3.run().catch((error: Error) => {
    throw new Error(
      `could not start the embedded S3 server on port ${options.s3Port}: ${error.message}`,
      {
        cause: error,
      },
    );
  });

  const dynamo = dynalite({ path: join(stateDir, 'dynamodb'), createTableMs: 0 }) as Server;
  const dynamoAddress = await listen(dynamo, options.dynamodbPort ?? 0).catch(
    async (error: Error) => {
      await s3.close();
      throw new Error(
        `could not start the embedded DynamoDB server on port ${options.dynamodbPort}: ${error.message}`,
        { cause: error },
      );
    },
  );

  const config = localConfig({
    s3: `http://${HOST}:${s3Address.port}`,
    dynamodb: `http://${HOST}:${dynamoAddress.port}`,
  });
  const clients = createClients(config);
  await ensureLayout(config, clients);

  let stopped = false;
  return {
    config,
    clients,
    async stop() {
      if (stopped) return;
      stopped = true;
      clients.s3.destroy();
      clients.dynamodb.destroy();
      await Promise.all([
        s3.close(),
        new Promise<void>((resolve) => dynamo.close(() => resolve())),
      ]);
      if (temporary) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Creates any bucket or table of the layout that does not exist yet. */
export async function ensureLayout(config: Config, clients: Clients): Promise<void> {
  for (const name of Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]) {
    const Bucket = config.buckets[name];
    const exists = await clients.s3.send(new HeadBucketCommand({ Bucket })).then(
      () => true,
      () => false,
    );
    if (!exists) await clients.s3.send(new CreateBucketCommand({ Bucket }));
  }
  for (const [name, table] of Object.entries(TABLES) as [keyof typeof TABLES, TableDefinition][]) {
    const TableName = config.tables[name];
    const exists = await clients.dynamodb.send(new DescribeTableCommand({ TableName })).then(
      () => true,
      () => false,
    );
    if (!exists)
      await clients.dynamodb.send(new CreateTableCommand(createTableInput(TableName, table)));
  }
}

/** The CreateTable request for a table of the layout; on-demand billing as on AWS. */
export function createTableInput(
  TableName: string,
  table: TableDefinition,
): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  for (const key of keys)
    if (key) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  const keySchema = (partition: { name: string }, sort?: { name: string }) => [
    { AttributeName: partition.name, KeyType: 'HASH' as const },
    ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(table.indexes.length > 0 && {
      GlobalSecondaryIndexes: table.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  };
}
