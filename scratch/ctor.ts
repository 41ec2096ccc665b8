import { App } from 'cdktf';
import { FinOpsBudget } from '../src/constructs/finops-budget';
import { AiInfraStack } from '../src/constructs/stack';
const app = new App({ outdir: '/tmp/safety/out2' });
const stack = new AiInfraStack(app, 'demo', { cloud: 'aws', region: 'us-east-1', namePrefix: 'demo', tags: { project: 'p', environment: 'dev', costCenter: 'cc' }, aws: { accountId: '123456789012' } });
new FinOpsBudget(stack, 'Budget', { limitUsd: -1 });
