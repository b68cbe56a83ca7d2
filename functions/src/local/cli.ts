import { Command, Option } from 'commander';
import { reportError } from './report-error.ts';
import type { StorageSession } from './storage-session.ts';
import type { AuditFilterInput } from '../core/audit/audit-filter.ts';
import { IMPORT_FORMATS } from '../core/interop/foreign-dataset.ts';
import type { ImportFormat } from '../core/interop/foreign-dataset.ts';

// Commands load their modules when they run, so `--help` and `validate` start fast.

const dataOption = () =>
  new Option('--data <dir>', 'the catalog folder (agencies.yaml, entries/, data files)').default(
    'data',
  );

/** Builds the `datarun` command line. */
export function buildCli(): Command {
  const program = new Command('datarun')
    .description('datarun: publish a government information-resource catalog and its open data')
    .showHelpAfterError();

  program
    .command('start')
    .description('start embedded storage, publish data/, and serve on http://localhost:4321')
    .addOption(dataOption())
    .addOption(new Option('--port <port>', 'port for the site and API').env('PORT').default('4321'))
    .option('--no-publish', 'serve what storage holds without publishing first')
    .action(async (opts: { data: string; port: string; publish: boolean }) => {
      const { runStart } = await import('./commands/start.ts');
      await runStart({ dataDir: opts.data, port: Number(opts.port), publish: opts.publish });
    });

  program
    .command('publish')
    .description('validate the catalog and publish every changed dataset (versions, snapshots)')
    .addOption(dataOption())
    .action(async (opts: { data: string }) => {
      const { runPublish } = await import('./commands/publish.ts');
      await withStorage((session) => runPublish(session, opts.data));
    });

  program
    .command('validate')
    .description('check the catalog files without publishing anything')
    .addOption(dataOption())
    .action(async (opts: { data: string }) => {
      const { runValidate } = await import('./commands/validate.ts');
      await runValidate(opts.data);
    });

  program
    .command('import')
    .description(
      "import another platform's catalog file into a catalog folder (one YAML file per entry)",
    )
    .addOption(
      new Option('--from <format>', "the file's format")
        .choices(IMPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .argument('<file>', 'the exported catalog file')
    .requiredOption('--out <dir>', 'the catalog folder to write (created if need be)')
    .option(
      '--portal <name>',
      'cnpds: the portal (shanghai, zhejiang, zhoushan, guiyang, anhui); others: the platform name',
    )
    .option(
      '--region <code>',
      "the 行政区划代码 of new agencies (default: the portal's, else 100000)",
    )
    .option('--agency-level <level>', 'the level of new agencies: 国家级, 省级, 市级 or 区县级')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        opts: {
          from: ImportFormat;
          out: string;
          portal?: string;
          region?: string;
          agencyLevel?: string;
          json?: boolean;
        },
      ) => {
        const { runImport } = await import('./commands/import.ts');
        await runImport({ ...opts, file });
      },
    );

  program
    .command('build-site')
    .description('build the public site (Astro pages and Pagefind search) from the public snapshot')
    .option('--out <dir>', 'where the site goes (default: site/dist)')
    .addOption(
      new Option('--site-url <url>', 'the origin the site is served from').default(
        `http://localhost:${process.env.PORT ?? 4321}`,
      ),
    )
    .option('--force', 'rebuild even when nothing changed')
    .action(async (opts: { out?: string; siteUrl: string; force?: boolean }) => {
      const { runBuildSite } = await import('./commands/build-site.ts');
      await withStorage((session) =>
        runBuildSite(session, {
          siteUrl: opts.siteUrl,
          force: opts.force ?? false,
          ...(opts.out !== undefined && { outDir: opts.out }),
        }),
      );
    });

  program
    .command('catalog')
    .description('list the catalog as storage holds it: status, live version, zone, rows')
    .action(async () => {
      const { runCatalogList } = await import('./commands/catalog.ts');
      await withStorage(runCatalogList);
    });

  const key = program
    .command('key')
    .description('manage API keys: create (bound to an agency if need be), list, revoke');
  key
    .command('create')
    .description('issue an API key and print it (shown this once; only its hash is stored)')
    .requiredOption('--name <name>', 'who the key is for: a person or an organisation')
    .requiredOption('--email <email>', 'where to reach them')
    .option('--purpose <text>', 'what the key is for')
    .option('--agency <code>', 'let the key act for this agency (an agency code of the catalog)')
    .action(async (opts: { name: string; email: string; purpose?: string; agency?: string }) => {
      const { runKeyCreate } = await import('./commands/key.ts');
      await withStorage((session) => runKeyCreate(session, opts));
    });
  key
    .command('list')
    .description('list every API key: id, status, created, agency, owner')
    .action(async () => {
      const { runKeyList } = await import('./commands/key.ts');
      await withStorage(runKeyList);
    });
  key
    .command('revoke')
    .description('revoke an API key by its id (key_…); the API refuses it from then on')
    .argument('<id>', 'the key id, as `datarun key list` shows it')
    .action(async (id: string) => {
      const { runKeyRevoke } = await import('./commands/key.ts');
      await withStorage((session) => runKeyRevoke(session, id));
    });

  program
    .command('token')
    .description('sign a local identity token for agency staff (the sign-in page does the same)')
    .requiredOption('--agency <code>', 'the agency the person works for (a code of agencies.yaml)')
    .requiredOption(
      '--role <role>',
      'consumer, provider, reviewer or admin (several separated by commas)',
    )
    .option('--user <id>', 'the user id (default: the demo user of that agency and role)')
    .option('--name <name>', 'the name the audit log shows')
    .option('--hours <hours>', 'how long the token is valid', '8')
    .addOption(dataOption())
    .action(
      async (opts: {
        agency: string;
        role: string;
        user?: string;
        name?: string;
        hours: string;
        data: string;
      }) => {
        const { runToken } = await import('./commands/token.ts');
        await runToken({
          agency: opts.agency,
          role: opts.role,
          hours: Number(opts.hours),
          dataDir: opts.data,
          ...(opts.user !== undefined && { user: opts.user }),
          ...(opts.name !== undefined && { name: opts.name }),
        });
      },
    );

  program
    .command('harvest')
    .description(
      'harvest other platforms into the federated section now: the sources of DIR/federation.yaml, or one given by --url',
    )
    .addOption(dataOption())
    .option('--source <id>', 'only this source of federation.yaml')
    .option('--url <url>', 'harvest this source instead (with --kind and --id)')
    .option('--kind <kind>', 'what --url is: datarun (another instance), dcat or ckan')
    .option('--id <id>', 'the id to keep what --url gives under, e.g. zhoushan')
    .option('--name <name>', 'the name of the --url source (default: its id)')
    .option('--list', 'list the sources with their last run instead of harvesting')
    .action(
      async (opts: {
        data: string;
        source?: string;
        url?: string;
        kind?: string;
        id?: string;
        name?: string;
        list?: boolean;
      }) => {
        const { chosenSources, runHarvest, runHarvestList } = await import('./commands/harvest.ts');
        if (opts.list) return withStorage((session) => runHarvestList(session, opts.data));
        const adHoc = opts.url !== undefined || opts.kind !== undefined || opts.id !== undefined;
        const sources = await chosenSources({
          dataDir: opts.data,
          ...(opts.source !== undefined && { sourceId: opts.source }),
          ...(adHoc && { adHoc: { id: opts.id, url: opts.url, kind: opts.kind, name: opts.name } }),
        });
        if (sources.length > 0) await withStorage((session) => runHarvest(session, sources));
      },
    );

  program
    .command('cross-check')
    .description(
      '多元校核: compare the datasets DIR/cross-checks.yaml names with their authoritative sources and file mismatches as candidate disputes',
    )
    .addOption(dataOption())
    .option('--json', 'print the report as JSON')
    .action(async (opts: { data: string; json?: boolean }) => {
      const { noCrossChecks, readCrossCheckFile, runCrossCheck } =
        await import('./commands/cross-check.ts');
      const config = await readCrossCheckFile(opts.data);
      if (config.checks.length === 0) console.log(noCrossChecks(config));
      else
        await withStorage((session) =>
          runCrossCheck(session, config, { json: opts.json ?? false }),
        );
    });

  const audit = program
    .command('audit')
    .description('the hash-chained audit log: verify it, or list records');
  audit
    .command('verify')
    .description('check every record and link of the chain; report the first one tampered with')
    .action(async () => {
      const { runAuditVerify } = await import('./commands/audit.ts');
      await withStorage(runAuditVerify);
    });
  audit
    .command('list')
    .description('list audit records, newest first')
    .option('--action <action>', 'only this action, e.g. share-request.approve')
    .option('--agency <code>', 'only actions by staff of this agency')
    .option('--user <id>', 'only actions by this user')
    .option('--subject <subject>', 'only records about this subject, e.g. share-request:sr_…')
    .option('--outcome <outcome>', 'only ok, denied or failed')
    .option('--from <time>', 'records at or after this time (ISO date or timestamp)')
    .option('--to <time>', 'records before this time (ISO date or timestamp)')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option('--limit <n>', 'at most this many records', '50')
    .action(
      async (opts: {
        action?: string;
        agency?: string;
        user?: string;
        subject?: string;
        outcome?: string;
        from?: string;
        to?: string;
        cursor?: string;
        limit: string;
      }) => {
        const { runAuditList } = await import('./commands/audit.ts');
        await withStorage((session) =>
          runAuditList(session, {
            limit: Number(opts.limit),
            ...(opts.action && { action: opts.action }),
            ...(opts.agency && { agency: opts.agency }),
            ...(opts.user && { actorUser: opts.user }),
            ...(opts.subject && { subject: opts.subject }),
            ...(opts.outcome && { outcome: opts.outcome as AuditFilterInput['outcome'] }),
            ...(opts.from && { from: opts.from }),
            ...(opts.to && { to: opts.to }),
            ...(opts.cursor && { cursor: opts.cursor }),
          }),
        );
      },
    );

  return program;
}

async function withStorage<T>(run: (session: StorageSession) => Promise<T>): Promise<T> {
  const { openStorage } = await import('./storage-session.ts');
  const session = await openStorage();
  try {
    return await run(session);
  } finally {
    await session.close();
  }
}

/** Runs the CLI; the exit code says whether it worked (1: bad input, 2: anything else). */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv, { from: 'user' });
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
