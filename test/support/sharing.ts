import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createSharingDeps } from '../../functions/src/adapters/index.ts';
import { SnapshotCache, shareCatalogReader } from '../../functions/src/api/snapshot-cache.ts';
import type { Identity, Role } from '../../functions/src/core/identity/identity.ts';
import type { Notification } from '../../functions/src/core/sharing/notification.ts';
import type { SharingDeps } from '../../functions/src/services/sharing/sharing-deps.ts';
import { DEMO_DATA, catalogFolder } from './catalog-folder.ts';
import { agency, openEntry } from './entries.ts';
import type { TestStorage } from './storage.ts';

const PUBLIC_BODIES = 'datasets/messy-csv-publicbodies-multiline';

/**
 * A catalog for sharing tests: a consumer agency, a provider with the real German public-bodies
 * directory shared on condition (314/000002) and without condition (314/000003), and a
 * 不予共享 entry with its legal basis (101/000002).
 */
export async function sharingCatalogFolder(): Promise<string> {
  const agencies = [
    agency({
      code: 'sh-civil-affairs',
      name: { zh: '上海市民政局' },
      level: '省级',
      region: '310000',
    }),
    agency({
      code: 'sh-foreign-affairs',
      name: { zh: '上海市人民政府外事办公室' },
      level: '省级',
      region: '310000',
    }),
    agency({
      code: 'zj-big-data',
      name: { zh: '浙江省大数据发展管理局' },
      level: '省级',
      region: '330000',
    }),
    agency({
      code: 'zj-market',
      name: { zh: '浙江省市场监督管理局' },
      level: '省级',
      region: '330000',
    }),
  ];
  const shared = {
    provider: 'sh-foreign-affairs',
    category: '部门' as const,
    items: [],
    shareMethod: ['文件' as const],
    level: 2 as const,
    data: {
      path: `${PUBLIC_BODIES}/de.csv`,
      schema: `${PUBLIC_BODIES}/public-body-schema.json`,
    },
  };
  const files: Record<string, Uint8Array | string> = {
    'agencies.yaml': stringify({ agencies }),
  };
  for (const name of ['de.csv', 'public-body-schema.json', 'SOURCE.md'])
    files[`${PUBLIC_BODIES}/${name}`] = await readFile(join(DEMO_DATA, PUBLIC_BODIES, name));
  return catalogFolder(
    [
      openEntry({
        ...shared,
        code: '314/000002',
        title: { zh: '德国公共机构名录' },
        shareType: '有条件共享',
        shareCondition: '限本市政务部门开展外事联络工作使用',
        openType: '有条件开放',
        openCondition: '经申请审核后开放',
      }),
      openEntry({
        ...shared,
        code: '314/000003',
        title: { zh: '德国公共机构名录（无条件共享副本）' },
        shareType: '无条件共享',
        openType: '不予开放',
      }),
      openEntry({
        code: '101/000002',
        provider: 'sh-foreign-affairs',
        title: { zh: '不予共享的名录' },
        shareType: '不予共享',
        shareBasis: '《中华人民共和国保守国家秘密法》第二十八条',
        openType: '不予开放',
        level: 3,
      }),
    ],
    files,
  );
}

/** A signed-in person as the identity middleware would hand them to a service. */
export function person(agencyCode: string, role: Role, user = `${role}-${agencyCode}`): Identity {
  return {
    user,
    name: user,
    agency: agencyCode,
    roles: [role],
    tokenId: `token-${user}`,
    expiresAt: 4_000_000_000,
  };
}

/** The sharing workflow over test storage, with a clock the test sets and a messenger it reads. */
export function sharingOver(storage: TestStorage, start: string) {
  const clock = { now: Date.parse(start) };
  const sent: Notification[] = [];
  const deps: SharingDeps = {
    ...createSharingDeps(storage.stores, {
      now: () => clock.now,
      messenger: { send: async (notifications) => void sent.push(...notifications) },
    }),
    shareCatalog: shareCatalogReader(new SnapshotCache(storage.stores.objects, {}, 'share')),
  };
  return { deps, clock, sent };
}
