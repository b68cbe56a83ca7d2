import type { Hono } from 'hono';
import type * as z from 'zod';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { createApi } from '../../../functions/src/api/app.ts';
import type { ApiDeps } from '../../../functions/src/api/app.ts';
import { ErrorEnvelopeSchema, okEnvelopeSchema } from '../../../functions/src/api/envelope.ts';
import { openZoneRoute } from '../../../functions/src/local/open-zone-route.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';

/** An answer read whole: status, headers, text, and the JSON body when there is one. */
export type Answer = { status: number; headers: Headers; text: string; body: unknown };

/** Calls the app in-process, as API Gateway or `datarun start` would. */
export async function call(app: Hono, url: string, init?: RequestInit): Promise<Answer> {
  const response = await app.request(url, init);
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: json && text ? JSON.parse(text) : undefined,
  };
}

/** The API over fresh embedded storage, with `/open/*` served as `datarun start` serves it. */
export function apiOver(storage: TestStorage, options: Omit<ApiDeps, 'stores'> = {}): Hono {
  const app = createApi({ stores: storage.stores, ...options });
  app.get('/open/*', (c) => openZoneRoute(c, storage.stores));
  return app;
}

/** Embedded storage with a catalog folder published into it; stopped again if publishing fails. */
export async function publishedStorage(folder: string): Promise<TestStorage> {
  const storage = await startTestStorage();
  try {
    await publishCatalog({
      source: new FolderCatalogSource(folder),
      stores: storage.stores,
      tmpDir: '/tmp',
    });
  } catch (error) {
    await storage.stop();
    throw error;
  }
  return storage;
}

/** The success envelope of an answer, checked against the schema its route documents. */
export function success<T extends z.ZodType>(answer: Answer, data: T) {
  if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}: ${answer.text}`);
  return okEnvelopeSchema(data).strict().parse(answer.body);
}

/** The error envelope of an answer, checked against its documented shape. */
export function failure(answer: Answer) {
  return ErrorEnvelopeSchema.strict().parse(answer.body);
}
