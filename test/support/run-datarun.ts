import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

export type DatarunRun = { code: number; stdout: string; stderr: string };

/**
 * Runs the real `datarun` entry point as `npx datarun` does, from the repository root, with
 * its state in `stateDir` when given; answers the exit code and both outputs.
 */
export async function runDatarun(args: string[], stateDir?: string): Promise<DatarunRun> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(ROOT, 'bin/datarun.js'), ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          ...(stateDir !== undefined && { DATARUN_STATE_DIR: stateDir }),
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as DatarunRun;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
