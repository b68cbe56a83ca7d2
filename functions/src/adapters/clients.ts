import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';

export type Clients = { s3: S3Client; dynamodb: DynamoDBDocumentClient };

/** Dummy credentials for the embedded servers, which check none. */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * Builds the AWS SDK clients. With endpoints they talk to the embedded servers on loopback;
 * without, to AWS. Checksums are computed only when S3 requires them: s3rver would otherwise
 * store the aws-chunked framing of streamed bodies inside the object.
 */
export function createClients(config: Config): Clients {
  const s3 = new S3Client({
    region: config.region,
    ...(config.s3Endpoint && {
      endpoint: config.s3Endpoint,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const dynamodb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: config.region,
      ...(config.dynamodbEndpoint && {
        endpoint: config.dynamodbEndpoint,
        credentials: LOCAL_CREDENTIALS,
      }),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return { s3, dynamodb };
}
