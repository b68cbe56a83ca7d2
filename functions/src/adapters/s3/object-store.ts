import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  NoSuchKey,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectInfo, ObjectStore } from '../../core/ports/object-store.ts';
import type { Zone } from '../../core/schemas/vocabulary.ts';

/** The three data zones as S3 buckets, one per zone. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly buckets: Record<Zone, string>,
  ) {}

  async putFile(
    zone: Zone,
    key: string,
    path: string,
    info: { sha256: string; contentType: string },
  ): Promise<void> {
    const { size } = await stat(path);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.buckets[zone],
        Key: key,
        // Megabyte reads: fewer chunks to sign and send than the 64 KB default.
        Body: createReadStream(path, { highWaterMark: 1 << 20 }),
        ContentLength: size,
        ContentType: info.contentType,
        Metadata: { sha256: info.sha256 },
      }),
    );
  }

  async putText(
    zone: Zone,
    key: string,
    text: string,
    contentType: string,
    metadata?: Record<string, string>,
  ): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.buckets[zone],
        Key: key,
        Body: Buffer.from(text, 'utf8'),
        ContentType: contentType,
        ...(metadata && { Metadata: metadata }),
      }),
    );
  }

  async getText(zone: Zone, key: string): Promise<string | undefined> {
    const object = await this.get(zone, key);
    return object ? await object.transformToString('utf8') : undefined;
  }

  async getStream(zone: Zone, key: string): Promise<Readable | undefined> {
    return (await this.get(zone, key)) as Readable | undefined;
  }

  async presignGet(
    zone: Zone,
    key: string,
    options: { expiresInSeconds: number; fileName: string },
  ): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.buckets[zone],
      Key: key,
      // Saved under a readable name rather than `data.csv`; RFC 5987 keeps Chinese intact.
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(options.fileName)}`,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  async head(zone: Zone, key: string): Promise<ObjectInfo | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.buckets[zone], Key: key }),
      );
      return {
        bytes: head.ContentLength ?? 0,
        ...(head.Metadata?.sha256 && { sha256: head.Metadata.sha256 }),
        ...(head.ContentType && { contentType: head.ContentType }),
        ...(head.ETag && { etag: head.ETag }),
        ...(head.Metadata && Object.keys(head.Metadata).length > 0 && { metadata: head.Metadata }),
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(zone: Zone, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.buckets[zone],
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async copy(from: { zone: Zone; key: string }, to: { zone: Zone; key: string }): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.buckets[to.zone],
        Key: to.key,
        CopySource: `${this.buckets[from.zone]}/${encodeURIComponent(from.key).replaceAll('%2F', '/')}`,
        MetadataDirective: 'COPY',
      }),
    );
  }

  async delete(zone: Zone, key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.buckets[zone], Key: key }));
  }

  private async get(zone: Zone, key: string) {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.buckets[zone], Key: key }),
      );
      return object.Body as
        (Readable & { transformToString(encoding: string): Promise<string> }) | undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
  );
}
