/** Artifact kinds of the API, each with its own spec shape. */
export type ArtifactType = 'service' | 'nim';

export type ArtifactStatus = 'draft' | 'locked';

/** A user of the fake, as a scenario declares it. The token authenticates requests. */
export interface User {
  id: string;
  username: string;
  email: string | null;
  fullName: string | null;
  token?: string;
}

export interface Tag {
  id: string;
  name: string;
  value: string;
}

/**
 * An artifact's `spec` as stored: `type` plus `containerGroups`, and `storage` for NIM
 * artifacts. Container contents stay plain JSON because the contract checks them.
 */
export interface ArtifactSpec {
  type: ArtifactType;
  containerGroups: Array<Record<string, unknown>>;
  storage?: Record<string, unknown> | null;
}

export interface Artifact {
  id: string;
  name: string;
  description: string;
  type: ArtifactType;
  status: ArtifactStatus;
  version: number | null;
  spec: ArtifactSpec;
  artifactRepositoryId: string;
  creatorId: string;
  tags: Tag[];
  createdAt: string;
  updatedAt: string;
}

export interface Repository {
  id: string;
  name: string;
  type: ArtifactType;
  lastVersionNumber: number;
  creatorId: string;
  tags: Tag[];
  createdAt: string;
  updatedAt: string;
  /** Ids of the artifacts in this repository, drafts and locked alike. */
  artifactIds: Set<string>;
}

export type SharingRole =
  | 'NO_ROLE'
  | 'OWNER'
  | 'READ_WRITE'
  | 'EDITOR'
  | 'USER'
  | 'DATA_SCIENTIST'
  | 'ADMIN'
  | 'READ_ONLY'
  | 'CONSUMER'
  | 'OBSERVER';

export type RecipientType = 'user' | 'group' | 'organization' | 'role';

/** One recipient's role on an artifact or repository. */
export interface Grant {
  recipientId: string;
  recipientName: string;
  recipientType: RecipientType;
  role: SharingRole;
}

/** A group or organization: a named set of users that a grant can name at once. */
export interface UserCollection {
  id: string;
  name: string;
  type: 'group' | 'organization';
  memberIds: string[];
}

export type WorkloadImportance = 'critical' | 'high' | 'moderate' | 'low';

/**
 * A workload, kept only as far as "in use" needs it: it references one artifact, and
 * while it exists that artifact cannot be deleted.
 */
export interface Workload {
  id: string;
  name: string;
  description: string | null;
  importance: WorkloadImportance;
  artifactId: string;
  creatorId: string;
  /** The proton status the fake reports: `running`, or `stopped` after a stop. */
  status: string;
  runtime: Record<string, unknown> | null;
  tags: Tag[];
  createdAt: string;
  updatedAt: string;
}

/** Behaviour of a namespace's next builds: polls per status step and the final status. */
export interface BuildPlan {
  pollsPerStep: number;
  outcome: 'COMPLETED' | 'FAILED' | 'CANCELLED';
}

/**
 * An image build of one container of a draft. Its status is derived from how often it
 * was polled: PENDING, then IN_PROGRESS, then the planned outcome.
 */
export interface Build {
  id: string;
  artifactId: string;
  name: string;
  creatorId: string;
  groupIndex: number;
  containerIndex: number;
  polls: number;
  pollsPerStep: number;
  outcome: BuildPlan['outcome'];
  createdAt: string;
  updatedAt: string;
}
