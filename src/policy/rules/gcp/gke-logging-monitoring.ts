import { PolicyRule } from '../../types';

/** Cloud Logging and Monitoring stay on (Checkov CKV_GCP_1, CKV_GCP_8). */
export const GkeLoggingMonitoring: PolicyRule = {
  id: 'AiInfra-GKE-18',
  description: 'GKE clusters do not turn logging_service or monitoring_service off',
  resourceTypes: ['google_container_cluster'],
  check(view) {
    const off = (['logging_service', 'monitoring_service'] as const).filter((k) => view.config[k] === 'none');
    return off.length === 0 ? undefined : `${off.join(' and ')} = "none"; keep the Kubernetes Engine defaults (logging.googleapis.com/kubernetes, monitoring.googleapis.com/kubernetes)`;
  },
};
