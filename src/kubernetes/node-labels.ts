import type { InstanceTypeSpec } from '../catalog/types';
import type { NodeTaint } from '../core/plans';

/** Labels the device plugins and schedulers rely on, by accelerator vendor (and EFA when attached). */
export function acceleratorLabels(type: InstanceTypeSpec, efa: boolean): Record<string, string> {
  const labels: Record<string, string> = { 'ai-infra/accelerator': type.accelerator };
  if (type.amiType?.includes('NEURON')) labels['aws.amazon.com/neuron.present'] = 'true';
  else labels['nvidia.com/gpu.present'] = 'true';
  if (efa && (type.nics.efaInterfaces ?? 0) > 0) labels['vpc.amazonaws.com/efa.present'] = 'true';
  return labels;
}

/**
 * The accelerator taint: only pods that request the device (and tolerate it)
 * land on the node. GKE puts `nvidia.com/gpu=present:NoSchedule` on GPU nodes
 * itself, so GCP pools use that value (a second value of the same key would
 * be a second taint every pod must tolerate).
 */
export function acceleratorTaint(type: InstanceTypeSpec): NodeTaint {
  if (type.amiType?.includes('NEURON')) return { key: 'aws.amazon.com/neuron', value: 'true', effect: 'NoSchedule' };
  return { key: 'nvidia.com/gpu', value: type.cloud === 'gcp' ? 'present' : 'true', effect: 'NoSchedule' };
}

/**
 * The device plugin chart an accelerator type needs in the workload stack,
 * or undefined on GKE, which installs the NVIDIA driver and device plugin
 * itself (`gpu_driver_installation_config`): a second plugin would advertise
 * the GPUs twice.
 */
export function devicePluginOf(type: InstanceTypeSpec): 'neuron' | 'nvidia' | undefined {
  if (type.cloud === 'gcp') return undefined;
  return type.amiType?.includes('NEURON') ? 'neuron' : 'nvidia';
}

/** Whether the type has a high-speed GPU fabric the pool can attach (EFA on AWS, GPUDirect NICs on GCP). */
export function hasGpuFabric(type: InstanceTypeSpec): boolean {
  return (type.nics.efaInterfaces ?? 0) > 0 || (type.cloud === 'gcp' && type.fabric !== 'ethernet');
}
