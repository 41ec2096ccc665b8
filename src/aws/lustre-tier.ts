import { FsxDataRepositoryAssociation } from '@cdktf/provider-aws/lib/fsx-data-repository-association';
import { FsxLustreFileSystem } from '@cdktf/provider-aws/lib/fsx-lustre-file-system';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { PersistentVolumeV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-v1';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { awsClusterOf } from './gpu-cluster';
import { CustomerKey } from './kms';
import { stackContextOf } from '../core/context';
import { nameFragment } from '../core/naming';
import type { LustreTierBackend, LustreTierPlan } from '../core/plans';
import { AiInfraError } from '../errors';

/** Lustre LNet ports FSx requires between clients and file servers (FSx Lustre guide, "File system access control with Amazon VPC"). */
export const LUSTRE_PORTS: ReadonlyArray<{ readonly from: number; readonly to: number }> = [
  { from: 988, to: 988 },
  { from: 1018, to: 1023 },
];

/** The provider resources of a LustreTier (escape hatches), and what the construct reads back. */
export interface AwsLustreResources extends LustreTierBackend {
  /** Customer key (PERSISTENT only: SCRATCH is encrypted with FSx-managed keys). */
  readonly key?: CustomerKey;
  readonly securityGroup: SecurityGroup;
  readonly ingressRules: ReadonlyArray<VpcSecurityGroupIngressRule>;
  readonly egressRules: ReadonlyArray<VpcSecurityGroupEgressRule>;
  readonly fileSystem: FsxLustreFileSystem;
  readonly dataRepositoryAssociations: ReadonlyArray<FsxDataRepositoryAssociation>;
  readonly mountOutput: TerraformOutput;
  readonly persistentVolume?: PersistentVolumeV1;
  readonly persistentVolumeClaim?: PersistentVolumeClaimV1;
}

/**
 * FSx for Lustre 2.15 in one subnet of the GPU zone: LZ4 compression, the
 * customer key and daily backups for PERSISTENT deployments, a security
 * group admitting the Lustre ports only from the cluster's nodes and from
 * itself, S3 data repository associations with automatic import and export,
 * `prevent_destroy`; optionally a static PersistentVolume and claim in the
 * cluster's workload scope (FSx CSI driver).
 */
export function createAwsLustreTier(scope: Construct, plan: LustreTierPlan): AwsLustreResources {
  const stack = stackContextOf(scope);
  const refs = awsClusterOf(plan.cluster, plan.where);
  const cluster = plan.cluster;
  const base = nameFragment(scope, stack.scope);
  const persistent = plan.deploymentType.startsWith('PERSISTENT');

  const key = persistent
    ? new CustomerKey(scope, 'Key', { description: `FSx for Lustre ${scope.node.path}`, aliasSuffix: base })
    : undefined;

  const securityGroup = new SecurityGroup(scope, 'SecurityGroup', {
    name: stack.physicalName(`${base}-lustre`, { maxLength: 255 }),
    description: `FSx for Lustre ${scope.node.path}: Lustre ports from the GPU cluster nodes and the file servers only`,
    vpcId: refs.vpcId,
    lifecycle: { createBeforeDestroy: true },
  });
  const peers: ReadonlyArray<{ readonly id: string; readonly sg: string; readonly what: string }> = [
    { id: 'Cluster', sg: refs.nodeSecurityGroupId, what: 'the GPU cluster nodes' },
    { id: 'Self', sg: securityGroup.id, what: 'the file servers' },
  ];
  const ingressRules: VpcSecurityGroupIngressRule[] = [];
  const egressRules: VpcSecurityGroupEgressRule[] = [];
  for (const peer of peers) {
    for (const port of LUSTRE_PORTS) {
      const range = port.from === port.to ? `${port.from}` : `${port.from}-${port.to}`;
      const suffix = `${peer.id}${port.from}`;
      ingressRules.push(new VpcSecurityGroupIngressRule(scope, `IngressFrom${suffix}`, {
        securityGroupId: securityGroup.id,
        description: `Lustre ${range} from ${peer.what}`,
        ipProtocol: 'tcp',
        fromPort: port.from,
        toPort: port.to,
        referencedSecurityGroupId: peer.sg,
      }));
      egressRules.push(new VpcSecurityGroupEgressRule(scope, `EgressTo${suffix}`, {
        securityGroupId: securityGroup.id,
        description: `Lustre ${range} to ${peer.what}`,
        ipProtocol: 'tcp',
        fromPort: port.from,
        toPort: port.to,
        referencedSecurityGroupId: peer.sg,
      }));
    }
  }

  const subnetId = refs.privateSubnetIdByZone[plan.zone];
  if (!subnetId) {
    throw new AiInfraError({ where: plan.where, field: 'zone', given: plan.zone, allowed: `a zone of the cluster (${Object.keys(refs.privateSubnetIdByZone).join(', ')})` });
  }
  const fileSystem = new FsxLustreFileSystem(scope, 'Resource', {
    deploymentType: plan.deploymentType,
    storageType: 'SSD',
    storageCapacity: plan.capacityGiB,
    ...(plan.perUnitStorageThroughputMBpsPerTiB !== undefined ? { perUnitStorageThroughput: plan.perUnitStorageThroughputMBpsPerTiB } : {}),
    fileSystemTypeVersion: '2.15',
    dataCompressionType: plan.aws?.dataCompression ?? 'LZ4',
    subnetIds: [subnetId],
    securityGroupIds: [securityGroup.id],
    ...(key ? { kmsKeyId: key.arn } : {}),
    ...(persistent
      ? { automaticBackupRetentionDays: plan.backupRetentionDays, copyTagsToBackups: true, skipFinalBackup: false }
      : { skipFinalBackup: true }),
    logConfiguration: { level: 'WARN_ERROR' },
    lifecycle: { preventDestroy: plan.deletionProtection },
    // The rules must exist before FSx checks the group for the Lustre ports at creation.
    dependsOn: [...ingressRules, ...egressRules],
  });

  const dataRepositoryAssociations = plan.dataRepositories.map((dra) => {
    const events = ['NEW', 'CHANGED', 'DELETED'];
    const slug = dra.fileSystemPath.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
    return new FsxDataRepositoryAssociation(scope, `DataRepository-${slug}`, {
      fileSystemId: fileSystem.id,
      dataRepositoryPath: dra.importPath,
      fileSystemPath: dra.fileSystemPath,
      batchImportMetaDataOnCreate: true,
      deleteDataInFilesystem: false,
      importedFileChunkSize: dra.importedFileChunkSizeMiB,
      s3: {
        ...(dra.autoImport ? { autoImportPolicy: { events } } : {}),
        ...(dra.autoExport ? { autoExportPolicy: { events } } : {}),
      },
    });
  });

  const mountOutput = new TerraformOutput(scope, 'Mount', {
    description: `FSx for Lustre ${scope.node.path}: mount with "mount -t lustre <dnsName>@tcp:/<mountName> /mnt", or a static PV (fsx.csi.aws.com)`,
    value: { fileSystemId: fileSystem.id, dnsName: fileSystem.dnsName, mountName: fileSystem.mountName },
  });

  let persistentVolume: PersistentVolumeV1 | undefined;
  let persistentVolumeClaim: PersistentVolumeClaimV1 | undefined;
  if (plan.persistentVolume) {
    const workloads = cluster.workloadScope();
    const pvName = stack.physicalName(base, { maxLength: 253 });
    const storage = `${plan.capacityGiB}Gi`;
    persistentVolume = new PersistentVolumeV1(workloads, `${base}-pv`, {
      metadata: { name: pvName, labels: { 'app.kubernetes.io/managed-by': 'cdktf-ai-infra' } },
      spec: [
        {
          capacity: { storage },
          accessModes: ['ReadWriteMany'],
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: '',
          mountOptions: ['flock'],
          persistentVolumeSource: {
            csi: {
              driver: 'fsx.csi.aws.com',
              volumeHandle: fileSystem.id,
              volumeAttributes: { dnsname: fileSystem.dnsName, mountname: fileSystem.mountName },
            },
          },
        },
      ],
    });
    persistentVolumeClaim = new PersistentVolumeClaimV1(workloads, `${base}-pvc`, {
      metadata: { name: plan.persistentVolume.claimName, namespace: plan.persistentVolume.namespace },
      spec: {
        accessModes: ['ReadWriteMany'],
        storageClassName: '',
        volumeName: persistentVolume.metadata.name,
        resources: { requests: { storage } },
      },
    });
  }

  return {
    key,
    securityGroup,
    ingressRules,
    egressRules,
    fileSystem,
    dataRepositoryAssociations,
    mountOutput,
    persistentVolume,
    persistentVolumeClaim,
    fileSystemId: fileSystem.id,
    dnsName: fileSystem.dnsName,
    mountName: fileSystem.mountName,
  };
}
