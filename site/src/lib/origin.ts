import type { Origin } from '../../../functions/src/core/schemas/catalog-entry.ts';

/**
 * The identifier a record has on its original platform, unless it is only the address of its
 * page there (CNPDS exports identify records by their page), which the link to it already shows.
 */
export function distinctOriginId(origin: Origin): string | undefined {
  return origin.id === origin.url ? undefined : origin.id;
}
