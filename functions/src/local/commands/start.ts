import { serve } from '@hono/node-server';
import { createStores } from '../../adapters/index.ts';
import { createApi } from '../../api/app.ts';
import { startEmbeddedStorage } from '../embedded-storage.ts';
import { announceServers, stateDir } from '../storage-session.ts';
import { runPublish } from './publish.ts';
import { openZoneRoute } from '../open-zone-route.ts';

export type StartOptions = { dataDir: string; port: number; publish: boolean };

/**
 * Runs datarun on one machine: embedded S3 and DynamoDB with state kept in .datarun/, the
 * catalog published, and the API served, until Ctrl-C.
 */
export async function runStart(options: StartOptions): Promise<void> {
  const s3Port = Number(process.env.DATARUN_S3_PORT ?? 4568);
  const dynamodbPort = Number(process.env.DATARUN_DYNAMODB_PORT ?? 4567);
  console.log(`Starting embedded storage (state in ${stateDir()})…`);
  const storage = await startEmbeddedStorage({ stateDir: stateDir(), s3Port, dynamodbPort }).catch(
    (error: Error) => {
      throw new Error(
        `${error.message}. Is another datarun running? DATARUN_S3_PORT and DATARUN_DYNAMODB_PORT choose other ports.`,
        { cause: error },
      );
    },
  );
  const forget = await announceServers({
    s3: storage.config.s3Endpoint!,
    dynamodb: storage.config.dynamodbEndpoint!,
  });
  console.log(`  S3 ${storage.config.s3Endpoint} · DynamoDB ${storage.config.dynamodbEndpoint}`);

  const running: { server?: ReturnType<typeof serve> } = {};
  const stop = async () => {
    console.log('\nStopping…');
    await new Promise<void>((resolve) =>
      running.server ? running.server.close(() => resolve()) : resolve(),
    );
    await storage.stop();
    await forget();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const session = {
    config: storage.config,
    clients: storage.clients,
    kind: 'embedded' as const,
    close: storage.stop,
  };
  if (options.publish) await runPublish(session, options.dataDir);

  const stores = createStores(storage.config, storage.clients);
  const app = createApi({ stores });
  app.get('/open/*', (c) => openZoneRoute(c, stores));
  const server = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' });
  running.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', (error: Error) =>
      reject(new Error(`port ${options.port} is in use; PORT=… chooses another`, { cause: error })),
    );
  });
  console.log(`\ndatarun is running on http://localhost:${options.port}  (Ctrl-C stops it)`);
}
