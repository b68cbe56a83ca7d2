import type { FederationStore } from '../../core/ports/federation-store.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import {
  FederatedCatalogSchema,
  HarvestReportSchema,
} from '../../core/federation/federated-catalog.ts';
import type { FederatedCatalog, HarvestReport } from '../../core/federation/federated-catalog.ts';

const PREFIX = 'federation/';

/**
 * Harvested catalogs as one JSON object per source in the private staging bucket
 * (`federation/{source}/catalog.json`), and one object per run
 * (`federation/{source}/runs/{startedAt}.json`, so keys sort by time).
 */
export class S3FederationStore implements FederationStore {
  constructor(private readonly objects: ObjectStore) {}

  async listSources(): Promise<string[]> {
    const keys = await this.objects.list('staging', PREFIX);
    return [
      ...new Set(
        keys
          .filter((key) => key.endsWith('/catalog.json'))
          .map((key) => key.slice(PREFIX.length).split('/')[0]!),
      ),
    ].sort();
  }

  async read(sourceId: string): Promise<FederatedCatalog | undefined> {
    const text = await this.objects.getText('staging', catalogKey(sourceId));
    return text === undefined ? undefined : FederatedCatalogSchema.parse(JSON.parse(text));
  }

  async write(catalog: FederatedCatalog): Promise<void> {
    await this.objects.putText(
      'staging',
      catalogKey(catalog.source.id),
      JSON.stringify(catalog),
      'application/json',
    );
  }

  async writeRun(report: HarvestReport): Promise<void> {
    await this.objects.putText(
      'staging',
      `${PREFIX}${report.source}/runs/${report.startedAt}.json`,
      JSON.stringify(report),
      'application/json',
    );
  }

  async listRuns(sourceId: string, limit: number): Promise<HarvestReport[]> {
    const keys = (await this.objects.list('staging', `${PREFIX}${sourceId}/runs/`))
      .sort()
      .reverse()
      .slice(0, limit);
    const texts = await Promise.all(keys.map((key) => this.objects.getText('staging', key)));
    return texts
      .filter((text): text is string => text !== undefined)
      .map((text) => HarvestReportSchema.parse(JSON.parse(text)));
  }
}

function catalogKey(sourceId: string): string {
  return `${PREFIX}${sourceId}/catalog.json`;
}
