import type { Agency } from '../../core/schemas/agency.ts';
import { cnpdsProfile } from '../../core/interop/cnpds-portals.ts';
import { decodeForeignText } from '../../core/interop/decode-text.ts';
import { dedupe } from '../../core/interop/dedupe-records.ts';
import type { ImportFormat, ImportReport, ReadResult } from '../../core/interop/foreign-dataset.ts';
import { mapEntries } from '../../core/interop/map-entries.ts';
import { readCkan } from '../../core/interop/read-ckan.ts';
import { readCnpds } from '../../core/interop/read-cnpds.ts';
import { readDataJson } from '../../core/interop/read-datajson.ts';
import { readTargetFolder, writeCatalogFolder } from './write-catalog-folder.ts';

export type ImportOptions = {
  from: ImportFormat;
  /** The file's name or path, for messages and to recognise a CN-PDS portal. */
  file: string;
  bytes: Uint8Array;
  /** The catalog folder to write into (agencies.yaml, entries/); created if need be. */
  outDir: string;
  /** cnpds: the portal (`shanghai` … or its host); other formats: the platform's name for provenance. */
  portal?: string;
  /** Where new agencies are; either half may be given. */
  agencyDefaults?: { region?: string; level?: Agency['level'] };
  onProgress?: (message: string) => void;
};

/**
 * Imports a foreign catalog file into a catalog folder: decodes it, reads its records, maps them
 * onto catalog entries (keeping the codes of records imported before) and writes what changed.
 * A bad record is skipped and listed in the report; an unreadable file or target folder throws a
 * DatarunError before anything is written.
 */
export async function importCatalog(options: ImportOptions): Promise<ImportReport> {
  const say = options.onProgress ?? (() => {});
  const { text, encoding } = decodeForeignText(options.bytes, options.file);
  say(
    `Reading ${options.file} (${options.bytes.length.toLocaleString('en')} bytes, ${encoding}) as ${options.from}`,
  );
  const read = await readForeign(options, text);
  const platform = options.from !== 'cnpds' && options.portal ? options.portal : read.platform;
  say(
    `Read ${read.total.toLocaleString('en')} records from ${platform}; ${read.skipped.length} unreadable`,
  );
  const target = await readTargetFolder(options.outDir, platform);
  say(
    `Target ${options.outDir}: ${target.agencies.length} agencies, ${target.usedCodes.size} entries (${target.identities.size} from ${platform})`,
  );
  const mapped = mapEntries(
    { ...read, platform },
    {
      from: options.from,
      file: options.file,
      agencies: target.agencies,
      identities: target.identities,
      usedCodes: target.usedCodes,
      ...placeOf(options, read),
    },
  );
  const added = mapped.agencies.length - target.agencies.length;
  say(`Mapped ${mapped.entries.length.toLocaleString('en')} entries; ${added} new agencies`);
  const index = new Map(dedupe(read.records).records.map((r) => [r.id, r.at.index]));
  const counts = await writeCatalogFolder(target, {
    from: options.from,
    platform,
    agencies: mapped.agencies,
    entries: mapped.entries,
    recordIndex: (entry) => index.get(entry.origin?.id ?? '') ?? 0,
  });
  say(
    `Wrote ${options.outDir}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
  );
  return { ...mapped.report, ...counts };
}

async function readForeign(options: ImportOptions, text: string): Promise<ReadResult> {
  switch (options.from) {
    case 'cnpds':
      return readCnpds(text, options.file, options.portal);
    case 'ckan':
      return readCkan(text, options.file);
    case 'datajson':
      return readDataJson(text, options.file);
    case 'dcat': {
      // The RDF parsers are loaded only when a DCAT file is imported.
      const { readDcat } = await import('../../core/interop/read-dcat.ts');
      return readDcat(text, options.file);
    }
  }
}

/** Where new agencies go: as the caller says, else the CN-PDS portal's region; else unsaid. */
function placeOf(options: ImportOptions, read: ReadResult) {
  const profile = options.from === 'cnpds' ? cnpdsProfile(read.platform) : undefined;
  const region = options.agencyDefaults?.region ?? profile?.region;
  const level = options.agencyDefaults?.level ?? profile?.level;
  if (region === undefined && level === undefined) return {};
  return { agencyDefaults: { region: region ?? '100000', level: level ?? '国家级' } } as const;
}
