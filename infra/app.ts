import { App } from 'aws-cdk-lib';
import { addDatarunStacks, deploymentRegion } from './datarun.ts';

const app = new App();
addDatarunStacks(app, { region: deploymentRegion(app, process.env) });
