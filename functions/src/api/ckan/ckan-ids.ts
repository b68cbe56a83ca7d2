import { codeSlug } from '../../core/publish/object-keys.ts';
import { DISTRIBUTION_FORMATS } from '../../core/schemas/distribution.ts';
import type { DistributionFormat } from '../../core/schemas/distribution.ts';

/**
 * How catalog entries and their files are named for CKAN clients. CKAN names are lower-case
 * ASCII slugs that appear in URLs, so a package is named after its code's slug
 * (`103/000004` → `103-000004`); its `id` is the same string. A resource is one file of one
 * immutable version, `{name}.v{version}.{format}` (`103-000004.v1.csv`), so an id keeps
 * meaning the same bytes after a newer version is published.
 */

/** Where a resource's rows are: the entry code, its version and the file format. */
export type ResourceTarget = { code: string; version: number; format: DistributionFormat };

/** The CKAN `name` (and `id`) of an entry: its code slug, lower case. */
export function packageName(code: string): string {
  return codeSlug(code).toLowerCase();
}

const CODE = /^([0-9a-z]{1,20})\/([0-9]{6})$/i;
const NAME = /^([0-9a-z]{1,20})-([0-9]{6})$/i;

/**
 * The entry code a client's package reference names: the code itself (`103/000004`), its slug
 * or the package name (`103-000004`), in any case. `undefined` when it has none of these forms.
 */
export function codeOfPackageRef(ref: string): string | undefined {
  const match = CODE.exec(ref) ?? NAME.exec(ref);
  return match ? `${match[1]!.toUpperCase()}/${match[2]!}` : undefined;
}

/** The id of one file of one version: `103-000004.v1.csv`. */
export function resourceId(code: string, version: number, format: DistributionFormat): string {
  return `${packageName(code)}.v${version}.${format}`;
}

const RESOURCE = new RegExp(
  `^([0-9a-z]{1,20})-([0-9]{6})\\.v([1-9][0-9]{0,8})\\.(${DISTRIBUTION_FORMATS.join('|')})$`,
);

/**
 * The entry, version and format a resource id names, or `undefined` when the id is not one
 * `resourceId` makes. Whether that version exists is for the caller to find out.
 */
export function parseResourceId(id: string): ResourceTarget | undefined {
  const match = RESOURCE.exec(id);
  if (!match) return undefined;
  return {
    code: `${match[1]!.toUpperCase()}/${match[2]!}`,
    version: Number(match[3]),
    format: match[4] as DistributionFormat,
  };
}
