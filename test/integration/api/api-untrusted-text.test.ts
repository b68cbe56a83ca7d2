import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import type { Hono } from 'hono';
import { DatasetListSchema } from '../../../functions/src/api/routes/dataset-list.ts';
import { DatasetDetailSchema } from '../../../functions/src/api/dataset-views.ts';
import type { TestStorage } from '../../support/storage.ts';
import { catalogFolder } from '../../support/catalog-folder.ts';
import { openEntry } from '../../support/entries.ts';
import { apiOver, call, failure, publishedStorage, success } from './api-under-test.ts';

const SCRIPT_TITLE = '</script><script>alert("人口")</script>';
const IMG_ABSTRACT = '<img src=x onerror="alert(1)">\u2028&amp; 人口统计';

let storage: TestStorage;
let folder: string;
let app: Hono;

beforeAll(async () => {
  folder = await catalogFolder([
    openEntry({
      code: '103/000001',
      title: { zh: SCRIPT_TITLE, en: '<b>bold</b>' },
      abstract: { zh: IMG_ABSTRACT },
      keywords: ['<svg onload=alert(1)>'],
    }),
  ]);
  storage = await publishedStorage(folder);
  app = apiOver(storage);
});
afterAll(async () => {
  await storage?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('catalog text with markup in it', () => {
  it('comes back as the same text, as data', async () => {
    const list = success(await call(app, '/api/v1/datasets?q=人口'), DatasetListSchema);
    expect(list.data.items[0]).toMatchObject({
      title: { zh: SCRIPT_TITLE, en: '<b>bold</b>' },
      abstract: { zh: IMG_ABSTRACT },
      keywords: ['<svg onload=alert(1)>'],
    });
    const detail = success(await call(app, '/api/v1/datasets/103-000001'), DatasetDetailSchema);
    expect(detail.data.title.zh).toBe(SCRIPT_TITLE);
  });

  it('never appears as markup in the bytes of an answer', async () => {
    for (const url of ['/api/v1/datasets', '/api/v1/datasets/103-000001']) {
      const answer = await call(app, url);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.text).not.toMatch(/[<>&\u2028]/);
      expect(answer.text).toContain('\\u003c/script\\u003e');
    }
  });

  it('is not echoed as markup in an error about a bad parameter', async () => {
    const answer = await call(app, '/api/v1/datasets?category=<script>alert(1)</script>');
    expect(failure(answer).error).toContain('<script>alert(1)</script>');
    expect(answer.text).not.toMatch(/[<>]/);
  });
});
