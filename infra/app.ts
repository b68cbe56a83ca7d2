import { App } from 'aws-cdk-lib';
import { addDatarunStacks } from './datarun.ts';

addDatarunStacks(new App());
