import { sha256 } from '../publish/canonical-hash.ts';
import { AgencyCodeSchema, AgencySchema } from '../schemas/agency.ts';
import type { Agency } from '../schemas/agency.ts';
import type { ForeignAgency } from './foreign-dataset.ts';
import { hasCjk } from './foreign-values.ts';

/** Where new agencies are, and whether the caller said so or the platform default applies. */
export type AgencyPlace = { region: string; level: Agency['level']; defaulted: boolean };

/** The platform default for agencies of a source that does not say where they are. */
export const NATIONAL: AgencyPlace = { region: '100000', level: '国家级', defaulted: true };

/**
 * The target catalog's agencies and those an import adds: a publisher is matched by its exact
 * Chinese name, else by its code (a datarun agency code read back, or a foreign id such as a
 * CKAN organization name); otherwise a new agency is appended, never reordering the list.
 */
export class AgencyBook {
  readonly list: Agency[];
  private readonly byName = new Map<string, Agency>();
  private readonly byCode = new Map<string, Agency>();

  constructor(
    given: readonly Agency[],
    private readonly prefix: string,
    private readonly place: AgencyPlace,
  ) {
    this.list = [...given];
    for (const agency of given) this.index(agency);
  }

  /** The agency for a publisher, and whether it is new. */
  resolve(publisher: ForeignAgency): { agency: Agency; created: boolean } {
    const zh = publisher.name.zh.trim();
    const known =
      this.byName.get(zh) ??
      this.byCode.get(publisher.native?.code ?? '') ??
      this.byCode.get(publisher.id ?? '');
    if (known) return { agency: known, created: false };
    const agency = this.create(publisher, zh);
    this.list.push(agency);
    this.index(agency);
    return { agency, created: true };
  }

  /** Takes back the agency created last, when the record it was made for was skipped. */
  discard(agency: Agency): void {
    if (this.list[this.list.length - 1] !== agency) return;
    this.list.pop();
    this.byName.delete(agency.name.zh.trim());
    this.byCode.delete(agency.code);
  }

  /** The agency's 1-based position in the list, which its 部门 分类码 carries. */
  position(agency: Agency): number {
    return this.list.indexOf(agency) + 1;
  }

  private create(publisher: ForeignAgency, zh: string): Agency {
    const en = publisher.name.en ?? (hasCjk(zh) ? undefined : zh);
    const native = publisher.native ?? {};
    const base: Agency = {
      code: this.newCode(publisher, zh),
      name: en ? { zh, en } : { zh },
      level: valid('level', native.level) ?? this.place.level,
      region: valid('region', native.region) ?? this.place.region,
    };
    const extras: Partial<Agency> = {
      website: native.website ?? publisher.website,
      email: native.email ?? publisher.email,
      creditCode: native.creditCode,
      shareDecisionDays: native.shareDecisionDays,
      ...(native.parent && this.byCode.has(native.parent) && { parent: native.parent }),
    };
    const agency = { ...base };
    for (const [key, value] of Object.entries(extras)) {
      if (value === undefined) continue;
      const candidate = { ...agency, [key]: value };
      if (AgencySchema.safeParse(candidate).success) Object.assign(agency, { [key]: value });
    }
    return agency;
  }

  private newCode(publisher: ForeignAgency, zh: string): string {
    for (const code of [publisher.native?.code, publisher.id]) {
      if (code && AgencyCodeSchema.safeParse(code).success && !this.byCode.has(code)) return code;
    }
    const base = `${this.prefix}-${sha256(zh).slice(0, 8)}`;
    let code = base;
    for (let n = 2; this.byCode.has(code); n++) code = `${base}-${n}`;
    return code;
  }

  private index(agency: Agency): void {
    this.byName.set(agency.name.zh.trim(), agency);
    this.byCode.set(agency.code, agency);
  }
}

function valid<K extends 'level' | 'region'>(key: K, value: Agency[K] | undefined) {
  return AgencySchema.shape[key].safeParse(value).success ? value : undefined;
}

/** A lower-case identifier made of a platform's name (`data.sh.gov.cn` → `data-sh-gov-cn`). */
export function platformSlug(platform: string): string {
  const slug = platform
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return /^[a-z]/.test(slug) ? slug : `x${slug}`.slice(0, 40);
}
