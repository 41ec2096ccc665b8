import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AiInfraError } from '../errors';
import { GcpServiceAgent, serviceAgentMember } from './service-agents';

/** 90 days: the longest rotation period CIS GCP 1.10 and Checkov CKV_GCP_43 accept. */
export const GCP_KMS_MAX_ROTATION_SECONDS = 7_776_000;
/** Cloud KMS rejects a rotation period of a day or less (provider doc for `rotation_period`). */
export const GCP_KMS_MIN_ROTATION_SECONDS = 86_400;
/** The role a service agent needs to use a key for CMEK. */
export const ENCRYPTER_DECRYPTER_ROLE = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';

/** Key ring and key names: letters, digits, `_` and `-`, 1-63 characters (Cloud KMS resource naming). */
const KMS_NAME = /^[a-zA-Z0-9_-]{1,63}$/;

function checkKmsName(where: string, field: string, name: string): void {
  if (Token.isUnresolved(name) || KMS_NAME.test(name)) return;
  throw new AiInfraError({ where, field, given: name, allowed: '1-63 letters, digits, "_" or "-"' });
}

export interface GcpKeyRingProps {
  /**
   * Key ring name, unique per project and location and never reusable (key rings
   * cannot be deleted). Derive it from construct ids, never from sizes or counts.
   */
  readonly name: string;
  /**
   * Cloud KMS location: the stack region. A key protects only resources in its own
   * location (GKE cluster, bucket, dataset, database…), so it must be the region
   * those resources live in.
   */
  readonly location: string;
  /**
   * Project that holds the key ring.
   * @default - the provider's project
   */
  readonly project?: string;
}

/**
 * A Cloud KMS key ring (`google_kms_key_ring`).
 *
 * Key rings (and keys) cannot be deleted in Google Cloud: `terraform destroy`
 * only forgets them, and creating one with the same name again fails with 409
 * until it is imported. So the name must be stable (from construct ids), and the
 * ring carries `lifecycle.prevent_destroy` so a plan never "destroys" it by accident.
 */
export class GcpKeyRing extends Construct {
  public readonly keyRing: KmsKeyRing;
  public readonly location: string;

  constructor(scope: Construct, id: string, props: GcpKeyRingProps) {
    super(scope, id);
    checkKmsName(this.node.path, 'name', props.name);
    this.location = props.location;
    this.keyRing = new KmsKeyRing(this, 'Resource', {
      name: props.name,
      location: props.location,
      project: props.project,
      lifecycle: { preventDestroy: true },
    });
  }

  /** `projects/<project>/locations/<location>/keyRings/<name>`. */
  public get keyRingId(): string {
    return this.keyRing.id;
  }

  /** A symmetric key in this ring (see {@link GcpCustomerKey}). */
  public addKey(id: string, props: Omit<GcpCustomerKeyProps, 'keyRing'>): GcpCustomerKey {
    return new GcpCustomerKey(this, id, { ...props, keyRing: this });
  }
}

export interface GcpCustomerKeyProps {
  /** The key ring that holds the key; its location is the key's location. */
  readonly keyRing: GcpKeyRing;
  /**
   * Key name, unique in the ring and never reusable (keys cannot be deleted).
   * Derive it from construct ids, never from sizes or counts.
   */
  readonly name: string;
  /**
   * Seconds between automatic rotations (a new primary version); more than one
   * day and at most 90 days.
   * @default 7776000 (90 days)
   */
  readonly rotationPeriodSeconds?: number;
  /**
   * Where the key material lives.
   * @default 'SOFTWARE'
   */
  readonly protectionLevel?: 'SOFTWARE' | 'HSM';
  /**
   * Labels on the key, merged over the provider's `default_labels`.
   * @default - only the provider's default labels
   */
  readonly labels?: Record<string, string>;
}

/**
 * A customer-managed symmetric key (`google_kms_crypto_key`, purpose
 * ENCRYPT_DECRYPT) with automatic rotation (90 days by default), a 30-day
 * scheduled-destruction window and `lifecycle.prevent_destroy`.
 *
 * Keys cannot be deleted in Google Cloud (only their versions are destroyed), so
 * the key name must be stable; the construct id is its Terraform address.
 * Grant a service agent the use of the key with {@link grantEncryptDecryptToAgent}
 * and make the resource that uses the key `depends_on` the returned grant, or the
 * first create fails with a permission error on the key.
 */
export class GcpCustomerKey extends Construct {
  public readonly key: KmsCryptoKey;
  public readonly keyRing: GcpKeyRing;
  private readonly grants = new Map<string, KmsCryptoKeyIamMember>();

  constructor(scope: Construct, id: string, props: GcpCustomerKeyProps) {
    super(scope, id);
    const where = this.node.path;
    checkKmsName(where, 'name', props.name);
    const rotation = props.rotationPeriodSeconds ?? GCP_KMS_MAX_ROTATION_SECONDS;
    if (!Number.isInteger(rotation) || rotation <= GCP_KMS_MIN_ROTATION_SECONDS || rotation > GCP_KMS_MAX_ROTATION_SECONDS) {
      throw new AiInfraError({
        where,
        field: 'rotationPeriodSeconds',
        given: rotation,
        allowed: `whole seconds above ${GCP_KMS_MIN_ROTATION_SECONDS} (one day) and at most ${GCP_KMS_MAX_ROTATION_SECONDS} (90 days)`,
      });
    }
    this.keyRing = props.keyRing;
    this.key = new KmsCryptoKey(this, 'Resource', {
      name: props.name,
      keyRing: props.keyRing.keyRingId,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: `${rotation}s`,
      destroyScheduledDuration: `${30 * 86_400}s`,
      versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: props.protectionLevel ?? 'SOFTWARE' },
      labels: props.labels,
      lifecycle: { preventDestroy: true },
    });
  }

  /** `projects/<p>/locations/<l>/keyRings/<ring>/cryptoKeys/<name>`: what `kms_key_name` fields take. */
  public get keyId(): string {
    return this.key.id;
  }

  /** The key's location (the stack region). */
  public get location(): string {
    return this.keyRing.location;
  }

  /**
   * Lets `member` encrypt and decrypt with this key
   * (`google_kms_crypto_key_iam_member`, role `roles/cloudkms.cryptoKeyEncrypterDecrypter`).
   * Granting the same member twice returns the first grant. Put the grant in the
   * `depends_on` of every resource that uses the key.
   *
   * @param member IAM member, e.g. `serviceAccount:service-123@gs-project-accounts.iam.gserviceaccount.com`
   * @param id construct id of the grant; required when `member` is a token (it is a Terraform address,
   *   so it must be stable)
   * @default id `EncryptDecrypt-<member with non-alphanumerics as "-">`
   */
  public grantEncryptDecrypt(member: string, id?: string): KmsCryptoKeyIamMember {
    const existing = this.grants.get(member);
    if (existing) return existing;
    if (!id && Token.isUnresolved(member)) {
      throw new AiInfraError({
        where: this.node.path,
        field: 'grantEncryptDecrypt(id)',
        given: undefined,
        allowed: 'a stable construct id when the member is only known at apply time',
      });
    }
    const grant = new KmsCryptoKeyIamMember(this, id ?? `EncryptDecrypt-${member.replace(/[^a-zA-Z0-9]+/g, '-')}`, {
      cryptoKeyId: this.key.id,
      role: ENCRYPTER_DECRYPTER_ROLE,
      member,
    });
    this.grants.set(member, grant);
    return grant;
  }

  /**
   * Lets a Google service agent of the project use this key for CMEK. The grant's
   * construct id is `EncryptDecrypt-<agent>` (stable; independent of the project number).
   */
  public grantEncryptDecryptToAgent(agent: GcpServiceAgent, projectNumber: string): KmsCryptoKeyIamMember {
    return this.grantEncryptDecrypt(serviceAgentMember(agent, projectNumber), `EncryptDecrypt-${agent}`);
  }
}
