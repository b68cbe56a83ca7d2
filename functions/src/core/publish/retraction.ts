import type { DatasetVersion } from '../schemas/dataset-version.ts';
import type { Zone } from '../schemas/vocabulary.ts';

/**
 * Where the open data of an entry must go when the entry may no longer be open: its new zone,
 * or staging once it is withdrawn. `undefined` while the entry stays open.
 */
export function retractionZone(zone: Zone, withdrawn: boolean): Exclude<Zone, 'open'> | undefined {
  if (withdrawn) return 'staging';
  return zone === 'open' ? undefined : zone;
}

/** A version whose objects move to another zone: the same objects under that zone's keys. */
export function movedVersion(version: DatasetVersion, zone: Zone): DatasetVersion {
  const rekey = (key: string) => `${zone}/${key.slice(key.indexOf('/') + 1)}`;
  return {
    ...version,
    zone,
    distributions: version.distributions.map((d) => ({ ...d, key: rekey(d.key) })),
  };
}
