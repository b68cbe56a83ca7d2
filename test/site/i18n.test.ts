import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from '@astrojs/compiler';
import type { Node, ParentNode } from '@astrojs/compiler/types';
import zhCN from '../../site/src/i18n/zh-CN.json' with { type: 'json' };
import en from '../../site/src/i18n/en.json' with { type: 'json' };
import { TERMS, VOCABULARY, termId } from '../../site/src/lib/vocabulary.ts';
import type { VocabularyKind } from '../../site/src/lib/vocabulary.ts';
import { HARVEST_KINDS } from '../../functions/src/core/federation/federated-catalog.ts';
import { EXPORT_KEYS } from '../../functions/src/core/publish/object-keys.ts';

const SITE = join(import.meta.dirname, '..', '..', 'site', 'src');
const LANGS = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };

/** Attributes people read or hear: their text must come from the i18n files. */
const HUMAN_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'aria-description', 'placeholder']);
const WORDS = /[A-Za-z]{2,}|\p{Script=Han}/u;
const HAN_LITERAL = /(['"`])((?:(?!\1)[^\\\n]|\\.)*\p{Script=Han}(?:(?!\1)[^\\\n]|\\.)*)\1/gu;

async function astroFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await astroFiles(path)));
    else if (entry.name.endsWith('.astro')) files.push(path);
  }
  return files;
}

type Finding = { file: string; text: string };

/** Text a person would see that is written in the template instead of looked up. */
function hardCodedText(node: Node, file: string, findings: Finding[], code: string[]): void {
  if (node.type === 'frontmatter') code.push(node.value);
  if (node.type === 'text' && WORDS.test(node.value))
    findings.push({ file, text: node.value.trim() });
  if (node.type === 'element' || node.type === 'component' || node.type === 'custom-element') {
    for (const attribute of node.attributes)
      if (
        attribute.kind === 'quoted' &&
        HUMAN_ATTRIBUTES.has(attribute.name) &&
        WORDS.test(attribute.value)
      )
        findings.push({ file, text: `${attribute.name}="${attribute.value}"` });
      else if (attribute.kind === 'expression') code.push(attribute.value);
    // Scripts and styles hold code, not text.
    if (node.name === 'script' || node.name === 'style') return;
  }
  if (!('children' in node)) return;
  for (const child of (node as ParentNode).children) {
    // Inside an expression, text nodes are code; elements nested in it are markup again.
    if (node.type === 'expression' && child.type === 'text') code.push(child.value);
    else hardCodedText(child, file, findings, code);
  }
}

describe('the i18n files', () => {
  it('have the same keys in Chinese and English, none of them empty', () => {
    expect(Object.keys(LANGS.en).sort()).toEqual(Object.keys(LANGS['zh-CN']).sort());
    for (const [lang, strings] of Object.entries(LANGS))
      for (const [key, value] of Object.entries(strings))
        expect(value.trim(), `${lang} ${key}`).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(LANGS['zh-CN']))
      expect(placeholders(LANGS.en[key]!), key).toEqual(placeholders(value));
  });

  it('give every term of every vocabulary a label in both languages', () => {
    for (const kind of Object.keys(VOCABULARY) as VocabularyKind[])
      for (const term of TERMS[kind]) {
        const key = `${kind}.${termId(kind, term as string)}`;
        for (const [lang, strings] of Object.entries(LANGS))
          expect(strings[key], `${lang} ${key}`).toBeTruthy();
      }
  });

  it('label every kind of harvest source and describe every catalog export in both languages', () => {
    // Looked up through computed keys, which the scan of the templates below cannot see.
    const keys = [
      ...HARVEST_KINDS.map((kind) => `federated.kind.${kind}`),
      ...Object.keys(EXPORT_KEYS).map((key) => `apiPage.exports.${key}`),
    ];
    for (const key of keys)
      for (const [lang, strings] of Object.entries(LANGS))
        expect(strings[key], `${lang} ${key}`).toBeTruthy();
  });

  it('label the English site with English, not the Chinese terms', () => {
    for (const kind of ['category', 'openType', 'updateCycle', 'format', 'shareType'] as const)
      for (const term of TERMS[kind])
        expect(LANGS.en[`${kind}.${termId(kind, term)}`]).not.toMatch(/\p{Script=Han}/u);
  });
});

describe('the site components', () => {
  it('write no UI text into templates: it all comes from the i18n files', async () => {
    const findings: Finding[] = [];
    for (const file of await astroFiles(SITE)) {
      const { ast } = await parse(await readFile(file, 'utf8'));
      const code: string[] = [];
      hardCodedText(ast, relative(SITE, file), findings, code);
      // Chinese in code may only be a catalog term the code compares against, never a sentence.
      const terms = new Set(Object.values(TERMS).flat() as string[]);
      for (const block of code)
        for (const [, , literal] of block.matchAll(HAN_LITERAL))
          if (!terms.has(literal!)) findings.push({ file: relative(SITE, file), text: literal! });
    }
    expect(findings).toEqual([]);
  });

  it('look up only keys that exist in both languages', async () => {
    const used = new Set<string>();
    for (const file of await astroFiles(SITE))
      for (const [, key] of (await readFile(file, 'utf8')).matchAll(/\bt(?:Other)?\('([\w.]+)'/g))
        used.add(key!);
    expect(used.size).toBeGreaterThan(100);
    for (const key of used) {
      expect(LANGS['zh-CN'][key], `zh-CN ${key}`).toBeDefined();
      expect(LANGS.en[key], `en ${key}`).toBeDefined();
    }
  });

  it('write raw HTML only in the JSON-LD component', async () => {
    const raw: string[] = [];
    for (const file of await astroFiles(SITE))
      if ((await readFile(file, 'utf8')).includes('set:html')) raw.push(relative(SITE, file));
    expect(raw).toEqual(['components/JsonLd.astro']);
  });
});
