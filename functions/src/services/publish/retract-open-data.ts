import type { Stores } from '../../adapters/index.ts';
import { movedVersion } from '../../core/publish/retraction.ts';
import { schemaKey } from '../../core/publish/object-keys.ts';
import type { Zone } from '../../core/schemas/vocabulary.ts';

/**
 * Takes every version of an entry out of the open zone: its objects are copied to `zone`,
 * the version records updated, and only then the public objects deleted. Repeating it after
 * a crash finishes the job. Returns how many versions moved.
 */
export async function retractOpenData(
  stores: Stores,
  code: string,
  zone: Exclude<Zone, 'open'>,
): Promise<number> {
  const open = (await stores.versions.list(code)).filter((v) => v.zone === 'open');
  for (const version of open) {
    const moved = movedVersion(version, zone);
    const pairs = version.distributions.map(
      (d, i) => [d.key, moved.distributions[i]!.key] as const,
    );
    pairs.push([schemaKey('open', code, version.version), schemaKey(zone, code, version.version)]);
    for (const [from, to] of pairs)
      if (await stores.objects.head('open', from))
        await stores.objects.copy({ zone: 'open', key: from }, { zone, key: to });
    await stores.versions.replace(moved);
    for (const [from] of pairs) await stores.objects.delete('open', from);
  }
  return open.length;
}
