import { App } from 'aws-cdk-lib';
import { addDatarunStacks, deploymentRegion, identityOptions } from './datarun.ts';

const app = new App();
addDatarunStacks(app, { region: deploymentRegion(app, process.env), ...identityOptions(app) });
