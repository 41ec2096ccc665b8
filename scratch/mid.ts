import { Testing } from 'cdktf';
import { AiInfraStack } from '../src/constructs/stack';
import { GpuCluster } from '../src/constructs/gpu-cluster';
import { WarmInferencePool } from '../src/constructs/warm-inference-pool';
const app = Testing.app();
const stack = new AiInfraStack(app, 'inj', { cloud: 'aws', region: 'us-west-2', namePrefix: 'inj', tags: { project: 'p', environment: 'e', costCenter: 'c' }, aws: { accountId: '123456789012' } });
try { new WarmInferencePool(stack, 'Serve', { cluster: new GpuCluster(stack, 'Cluster', { accelerators: ['L40S'] }), model: { id: 'org/model-8b${file("/etc/hostname")}%{if true}x%{endif}', paramsBillions: 8 } }); } catch (e) { console.log(String(e)); }
