import type { DomainContext } from './context.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { ROLE_PERMISSIONS, roleRank, type Permission } from './permissions.js';
import { roleOf, type ShareableKind } from './share.js';
import type { WorkloadState } from './state.js';
import type { Artifact, Grant, SharingRole, User } from './types.js';

/**
 * Returns the caller's role on an artifact or repository. A repository the caller has
 * no role on is still visible (as OBSERVER) when the caller can see an artifact in it,
 * so an artifact's `artifactRepositoryId` never leads to a 404.
 */
export function effectiveRole(context: DomainContext, kind: ShareableKind, entityId: string, caller: User): SharingRole {
  if (kind === 'artifact') {
    // Fast path for the common case, which lists hit once per item: the caller owns it.
    const artifact = context.state.artifacts.get(entityId);
    if (artifact && (artifact.creatorId === caller.id || context.state.repositories.get(artifact.artifactRepositoryId)?.creatorId === caller.id)) {
      return 'OWNER';
    }
  }
  const role = roleOf(context, kind, entityId, caller.id);
  if (role !== 'NO_ROLE' || kind !== 'repository') return role;

  const repository = context.state.repositories.get(entityId);
  for (const artifactId of repository?.artifactIds ?? []) {
    if (roleOf(context, 'artifact', artifactId, caller.id) !== 'NO_ROLE') return 'OBSERVER';
  }
  return 'NO_ROLE';
}

/**
 * Returns whether the caller can see an artifact, without building the full role: the
 * cheap checks (creator, repository owner) come first, because lists call this for
 * every artifact they pass.
 */
export function canViewArtifact(state: WorkloadState, artifact: Artifact, caller: User): boolean {
  if (artifact.creatorId === caller.id) return true;
  const repository = state.repositories.get(artifact.artifactRepositoryId);
  if (repository?.creatorId === caller.id) return true;
  return reaches(state, state.artifactGrants.get(artifact.id), caller) || reaches(state, state.repositoryGrants.get(artifact.artifactRepositoryId), caller);
}

function reaches(state: WorkloadState, grants: Grant[] | undefined, caller: User): boolean {
  if (!grants) return false;
  for (const grant of grants) {
    if (grant.role === 'NO_ROLE') continue;
    if (grant.recipientType === 'user' ? grant.recipientId === caller.id : state.collections.get(grant.recipientId)?.memberIds.includes(caller.id)) return true;
  }
  return false;
}

export function permissionsOn(context: DomainContext, kind: ShareableKind, entityId: string, caller: User): Permission[] {
  return ROLE_PERMISSIONS[effectiveRole(context, kind, entityId, caller)];
}

export function canView(context: DomainContext, kind: ShareableKind, entityId: string, caller: User): boolean {
  return effectiveRole(context, kind, entityId, caller) !== 'NO_ROLE';
}

const NOT_FOUND: Record<ShareableKind, string> = { artifact: 'Artifact not found', repository: 'Artifact repository not found' };
const ENTITY_NAME: Record<ShareableKind, string> = { artifact: 'artifact', repository: 'artifact repository' };

/**
 * Raises unless the caller has `permission` on the entity: 404 when the caller cannot
 * see it at all (as if it did not exist), 403 naming the missing permission otherwise.
 * An entity that does not exist also gets 404.
 */
export function requirePermission(
  context: DomainContext,
  kind: ShareableKind,
  entityId: string,
  caller: User,
  permission: Permission,
  action: string,
): SharingRole {
  const exists = kind === 'artifact' ? context.state.artifacts.has(entityId) : context.state.repositories.has(entityId);
  if (!exists) throw new NotFoundError(NOT_FOUND[kind]);

  const role = effectiveRole(context, kind, entityId, caller);
  if (role === 'NO_ROLE') throw new NotFoundError(NOT_FOUND[kind]);
  if (!ROLE_PERMISSIONS[role].includes(permission)) {
    throw new ForbiddenError(
      `You cannot ${action} ${ENTITY_NAME[kind]} ${entityId}: that needs ${permission}, and your role ${role} does not grant it`,
    );
  }
  return role;
}

/** Raises 403 when the caller tries to grant a role stronger than their own. */
export function requireGrantable(kind: ShareableKind, entityId: string, callerRole: SharingRole, granted: SharingRole): void {
  if (granted === 'NO_ROLE' || roleRank(granted) >= roleRank(callerRole)) return;
  throw new ForbiddenError(
    `You cannot grant the role ${granted} on ${ENTITY_NAME[kind]} ${entityId}: it is above your own role ${callerRole}`,
  );
}
