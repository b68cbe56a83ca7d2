import type { Readable } from 'node:stream';
import type { Zone } from '../schemas/vocabulary.ts';

/** Object metadata kept with every published file. */
export type ObjectInfo = {
  bytes: number;
  sha256?: string;
  contentType?: string;
  etag?: string;
  /** The object's user metadata (x-amz-meta-*), names in lower case. */
  metadata?: Record<string, string>;
};

/**
 * Files in the three data zones (open, shared, staging), one bucket each. Keys are the same
 * on every backend.
 */
export interface ObjectStore {
  putFile(
    zone: Zone,
    key: string,
    path: string,
    info: { sha256: string; contentType: string },
  ): Promise<void>;
  /** Stores text; `metadata` (ASCII names and values) travels with the object (x-amz-meta-*). */
  putText(
    zone: Zone,
    key: string,
    text: string,
    contentType: string,
    metadata?: Record<string, string>,
  ): Promise<void>;
  getText(zone: Zone, key: string): Promise<string | undefined>;
  getStream(zone: Zone, key: string): Promise<Readable | undefined>;
  head(zone: Zone, key: string): Promise<ObjectInfo | undefined>;
  list(zone: Zone, prefix: string): Promise<string[]>;
  copy(from: { zone: Zone; key: string }, to: { zone: Zone; key: string }): Promise<void>;
  delete(zone: Zone, key: string): Promise<void>;
  /** A URL that lets its holder GET one object until it expires; the store signs it. */
  presignGet(
    zone: Zone,
    key: string,
    options: { expiresInSeconds: number; fileName: string },
  ): Promise<string>;
}
