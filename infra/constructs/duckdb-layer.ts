import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface DuckdbLayerProps {
  /**
   * The Lambda architecture the native binding is shipped for.
   * @default lambda.Architecture.X86_64
   */
  readonly architecture?: lambda.Architecture;
  /**
   * The runtime the layer is declared compatible with.
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;
}

/** The npm platform of a Lambda architecture: Lambda runs Amazon Linux, with glibc. */
type Platform = { readonly os: string; readonly cpu: string; readonly libc: string };

type PackageJson = {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
};

type InstalledPackage = { readonly dir: string; readonly manifest: PackageJson };

const ROOT_PACKAGE = '@duckdb/node-api';

/**
 * A Lambda layer with `@duckdb/node-api` and its native binding for one architecture, copied
 * from the installed node_modules into `nodejs/node_modules/` so that synthesis stays offline
 * and needs no Docker. Functions that use it keep `@duckdb/*` out of their bundle.
 */
export class DuckdbLayer extends Construct {
  readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string, props: DuckdbLayerProps = {}) {
    super(scope, id);
    const architecture = props.architecture ?? lambda.Architecture.X86_64;
    const platform: Platform = {
      os: 'linux',
      cpu: architecture === lambda.Architecture.ARM_64 ? 'arm64' : 'x64',
      libc: 'glibc',
    };
    const root = installedPackage(ROOT_PACKAGE, fileURLToPath(new URL('.', import.meta.url)));
    const packages = packageClosure(root, platform);
    const bindings = `@duckdb/node-bindings-${platform.os}-${platform.cpu}`;
    if (!packages.some((p) => p.manifest.name === bindings))
      throw new Error(
        `${bindings} is not installed, so the DuckDB layer for ${architecture.name} cannot be built; ` +
          `install it with: npm install --no-save --os=${platform.os} --cpu=${platform.cpu} ${bindings}@${root.manifest.version}`,
      );

    this.layer = new lambda.LayerVersion(this, 'Layer', {
      description: `${packages.map((p) => `${p.manifest.name}@${p.manifest.version}`).join(' ')} for ${architecture.name}`,
      compatibleArchitectures: [architecture],
      compatibleRuntimes: [props.runtime ?? lambda.Runtime.NODEJS_24_X],
      code: lambda.Code.fromAsset(root.dir, {
        // Hashing the 70 MB binary on every synth is slow; name and version identify it.
        assetHashType: AssetHashType.CUSTOM,
        assetHash: createHash('sha256')
          .update(
            JSON.stringify([platform, packages.map((p) => [p.manifest.name, p.manifest.version])]),
          )
          .digest('hex'),
        bundling: {
          // Never pulled: local bundling always succeeds or throws with a way out.
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
          local: {
            tryBundle(outputDir: string): boolean {
              for (const p of packages)
                cpSync(p.dir, join(outputDir, 'nodejs', 'node_modules', p.manifest.name), {
                  recursive: true,
                  dereference: true,
                });
              return true;
            },
          },
        },
      }),
    });
  }
}

/** Finds an installed package the way Node does: node_modules folders from `fromDir` upwards. */
function installedPackage(name: string, fromDir: string): InstalledPackage {
  const found = findPackageDir(name, fromDir);
  if (!found)
    throw new Error(`${name} is not installed (looked upwards from ${fromDir}); run npm ci`);
  return found;
}

function findPackageDir(name: string, fromDir: string): InstalledPackage | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json')))
      return {
        dir: candidate,
        manifest: JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8')) as PackageJson,
      };
    if (dirname(dir) === dir) return undefined;
  }
}

/** The package and everything it needs at run time on `platform`, each once. */
function packageClosure(root: InstalledPackage, platform: Platform): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>([[root.manifest.name, root]]);
  const queue = [root];
  while (queue.length > 0) {
    const current = queue.shift() as InstalledPackage;
    const required = Object.keys(current.manifest.dependencies ?? {}).map((name) =>
      installedPackage(name, current.dir),
    );
    const optional = Object.keys(current.manifest.optionalDependencies ?? {})
      .map((name) => findPackageDir(name, current.dir))
      .filter((p): p is InstalledPackage => p !== undefined && runsOn(p.manifest, platform));
    for (const p of [...required, ...optional]) {
      if (seen.has(p.manifest.name)) continue;
      seen.set(p.manifest.name, p);
      queue.push(p);
    }
  }
  return [...seen.values()];
}

function runsOn(manifest: PackageJson, platform: Platform): boolean {
  const allows = (list: readonly string[] | undefined, value: string): boolean =>
    list === undefined || list.includes(value);
  return (
    allows(manifest.os, platform.os) &&
    allows(manifest.cpu, platform.cpu) &&
    allows(manifest.libc, platform.libc)
  );
}
