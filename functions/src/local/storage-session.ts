import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { configFromEnv, localConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { createClients } from '../adapters/clients.ts';
import type { Clients } from '../adapters/clients.ts';
import { TABLES } from '../storage-layout.ts';
import { startEmbeddedStorage } from './embedded-storage.ts';

/** Storage for one command: where it is, and how to let go of it. */
export type StorageSession = {
  config: Config;
  clients: Clients;
  /** `aws`: configured by environment; `running`: a `datarun start` elsewhere; `embedded`: started for this command. */
  kind: 'aws' | 'running' | 'embedded';
  close(): Promise<void>;
};

type ServersFile = { pid: number; s3: string; dynamodb: string };

/** The folder that keeps local state across restarts (git-ignored). */
export function stateDir(): string {
  return resolve(process.env.DATARUN_STATE_DIR ?? '.datarun');
}

const serversFile = () => join(stateDir(), 'servers.json');

/**
 * Finds the storage a command should use: AWS (or any endpoint) when the environment names the
 * tables, else the embedded servers of a running `datarun start`, else embedded servers started
 * just for this command on the same persistent state.
 */
export async function openStorage(): Promise<StorageSession> {
  if (process.env[TABLES.catalog.envVar]) {
    const config = configFromEnv(process.env);
    const clients = createClients(config);
    return { config, clients, kind: 'aws', close: async () => destroy(clients) };
  }
  const running = await runningServers();
  if (running) {
    const config = localConfig(running);
    const clients = createClients(config);
    return { config, clients, kind: 'running', close: async () => destroy(clients) };
  }
  const storage = await startEmbeddedStorage({ stateDir: stateDir() });
  return {
    config: storage.config,
    clients: storage.clients,
    kind: 'embedded',
    close: storage.stop,
  };
}

/** Records the endpoints of the servers `datarun start` runs, so other commands can use them. */
export async function announceServers(endpoints: {
  s3: string;
  dynamodb: string;
}): Promise<() => Promise<void>> {
  await mkdir(stateDir(), { recursive: true });
  const file = serversFile();
  await writeFile(file, JSON.stringify({ pid: process.pid, ...endpoints } satisfies ServersFile));
  return () => rm(file, { force: true });
}

async function runningServers(): Promise<ServersFile | undefined> {
  const text = await readFile(serversFile(), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const servers = JSON.parse(text) as ServersFile;
  if (!isAlive(servers.pid)) return undefined;
  const clients = createClients(localConfig(servers));
  try {
    await clients.dynamodb.send(new ListTablesCommand({}));
    return servers;
  } catch {
    return undefined;
  } finally {
    destroy(clients);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function destroy(clients: Clients): void {
  clients.s3.destroy();
  clients.dynamodb.destroy();
}
