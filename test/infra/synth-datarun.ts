// Synthesizes the datarun app once, in process and offline, for the infra tests.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { REPOSITORY_ROOT } from '../../infra/constructs/datarun-function.ts';
import { addDatarunStacks } from '../../infra/datarun.ts';
import type { DatarunOptions } from '../../infra/datarun.ts';

/** The region the tests synthesize for: not us-east-1, so the WAF's stack is in another region. */
export const TEST_REGION = 'ap-east-1';

/** The feature flags and settings `npx cdk synth` would pass, read from cdk.json. */
export const CDK_CONTEXT = (
  JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

type CfnValue = unknown;
type Resource = { Type: string; Properties?: Record<string, CfnValue>; DeletionPolicy?: string };
type TemplateJson = {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: CfnValue }>;
};

/** One synthesized app, its stacks, templates and cloud assembly directory. */
export function synthDatarun(options: DatarunOptions = { region: TEST_REGION }) {
  const outdir = mkdtempSync(join(tmpdir(), 'datarun-infra-'));
  try {
    return synthInto(outdir, options);
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

function synthInto(outdir: string, options: DatarunOptions) {
  // Violations go to the report file instead of throwing, so a test can list them.
  const app = new App({
    outdir,
    context: { ...CDK_CONTEXT, '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  const { edge, ...stacks } = addDatarunStacks(app, options);
  const assembly = app.synth();
  const templates = {
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    site: Template.fromStack(stacks.site),
  };
  const edgeTemplate = Template.fromStack(edge);
  const json = (stack: Stack): TemplateJson =>
    JSON.parse(readFileSync(join(outdir, stack.templateFile), 'utf8')) as TemplateJson;

  return {
    app,
    stacks,
    templates,
    /** The stack of the WAF web ACL, in us-east-1. */
    edge: { stack: edge, template: edgeTemplate },
    assembly,
    outdir,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
    /** Follows an `Fn::GetStackOutput` to the value the producing stack put in that output. */
    outputValue(value: CfnValue): CfnValue {
      const ref = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } })[
        'Fn::GetStackOutput'
      ];
      if (!ref) return value;
      const producer = [...Object.values(stacks), edge].find((s) => s.stackName === ref.StackName);
      if (!producer) throw new Error(`no stack named ${ref.StackName}`);
      return json(producer).Outputs?.[ref.OutputName]?.Value;
    },
    /** The staged directory of the asset a resource's `Code`/`Content` S3 key names. */
    assetDir(stack: Stack, s3Key: string): string {
      const manifest = JSON.parse(
        readFileSync(join(outdir, `${stack.artifactId}.assets.json`), 'utf8'),
      ) as { files: Record<string, { source: { path: string } }> };
      const entry = manifest.files[s3Key.replace(/\.zip$/, '')];
      if (!entry) throw new Error(`no asset ${s3Key} in ${stack.artifactId}`);
      return join(outdir, entry.source.path);
    },
  };
}

export type Synthesized = ReturnType<typeof synthInto>;

type Violation = {
  ruleName: string;
  severity?: string;
  violatingConstructs?: { constructPath: string }[];
};

/** Every finding a validation plugin (cdk-nag, annotations, template rules) left unacknowledged. */
export function unacknowledgedFindings(outdir: string): string[] {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: Violation[] }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) =>
      (v.violatingConstructs ?? [{ constructPath: '?' }]).map(
        (c) => `${plugin.pluginName} ${v.severity ?? ''} ${v.ruleName} at ${c.constructPath}`,
      ),
    ),
  );
}
