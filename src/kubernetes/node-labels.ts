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

/** The accelerator taint: only pods that request the device (and tolerate it) land on the node. */
export function acceleratorTaint(type: InstanceTypeSpec): NodeTaint {
  return type.amiType?.includes('NEURON')
    ? { key: 'aws.amazon.com/neuron', value: 'true', effect: 'NoSchedule' }
    : { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };
}

/** The device plugin an accelerator type needs. */
export function devicePluginOf(type: InstanceTypeSpec): 'neuron' | 'nvidia' {
  return type.amiType?.includes('NEURON') ? 'neuron' : 'nvidia';
}
