import type { DomainContext } from './context.js';
import { InvalidFieldError, NotFoundError } from './errors.js';
import { strongestRole } from './permissions.js';
import type { Grant, RecipientType, SharingRole } from './types.js';
import { findArtifact } from './artifacts.js';
import { findRepository } from './repositories.js';

/** The two kinds of entity that carry shared roles. */
export type ShareableKind = 'artifact' | 'repository';

/** One entry of a sharedRoles update: a recipient by `username` or by `id`. */
export interface RoleRequest {
  username?: string;
  id?: string;
  role: SharingRole;
  shareRecipientType: RecipientType;
}

/** One row of a sharedRoles list. */
export interface SharedRoleEntry {
  id: string;
  name: string;
  shareRecipientType: RecipientType;
  role: SharingRole;
}

/** Lists who has access: the owner first, as OWNER, then every grant in the order given. */
export function listSharedRoles(context: DomainContext, kind: ShareableKind, entityId: string): SharedRoleEntry[] {
  const ownerId = ownerOf(context, kind, entityId);
  const owner = context.state.users.get(ownerId);
  const ownerEntry: SharedRoleEntry = { id: ownerId, name: owner?.username ?? ownerId, shareRecipientType: 'user', role: 'OWNER' };

  const grants = grantsOf(context, kind).get(entityId) ?? [];
  return [
    ownerEntry,
    ...grants.map((grant) => ({ id: grant.recipientId, name: grant.recipientName, shareRecipientType: grant.recipientType, role: grant.role })),
  ];
}

/**
 * Replaces the entity's grants with the listed ones. `NO_ROLE` entries are dropped,
 * and an entry naming the owner is ignored because the owner always keeps OWNER. Every
 * recipient is resolved before anything changes, so an unknown one changes nothing.
 */
export function updateSharedRoles(context: DomainContext, kind: ShareableKind, entityId: string, requests: RoleRequest[]): void {
  const ownerId = ownerOf(context, kind, entityId);

  const seen = new Set<string>();
  const grants: Grant[] = [];
  requests.forEach((request, index) => {
    const grant = resolveRecipient(context, request, index);

    const key = `${grant.recipientType}:${grant.recipientId}`;
    if (seen.has(key)) {
      throw new InvalidFieldError(['roles', index], `${grant.recipientType} "${grant.recipientName}" is listed more than once; give each recipient one entry`);
    }
    seen.add(key);

    const isOwner = grant.recipientType === 'user' && grant.recipientId === ownerId;
    if (grant.role !== 'NO_ROLE' && !isOwner) grants.push(grant);
  });

  grantsOf(context, kind).set(entityId, grants);
  context.state.grantsRevision += 1;
}

/**
 * Returns a user's role on an entity: OWNER for its creator, otherwise the strongest of
 * the grants reaching the user directly or through a group or organization. For an
 * artifact, grants on its repository count too.
 */
export function roleOf(context: DomainContext, kind: ShareableKind, entityId: string, userId: string): SharingRole {
  if (ownerOf(context, kind, entityId) === userId) return 'OWNER';

  const roles = rolesReaching(context, grantsOf(context, kind).get(entityId) ?? [], userId);
  if (kind === 'artifact') {
    const repositoryId = findArtifact(context, entityId).artifactRepositoryId;
    if (findRepository(context, repositoryId).creatorId === userId) roles.push('OWNER');
    roles.push(...rolesReaching(context, context.state.repositoryGrants.get(repositoryId) ?? [], userId));
  }
  return strongestRole(roles);
}

function rolesReaching(context: DomainContext, grants: Grant[], userId: string): SharingRole[] {
  return grants
    .filter((grant) => {
      if (grant.recipientType === 'user') return grant.recipientId === userId;
      return context.state.collections.get(grant.recipientId)?.memberIds.includes(userId) ?? false;
    })
    .map((grant) => grant.role);
}

function resolveRecipient(context: DomainContext, request: RoleRequest, index: number): Grant {
  const { role, shareRecipientType } = request;

  if (request.username !== undefined) {
    if (shareRecipientType !== 'user') {
      throw new InvalidFieldError(
        ['roles', index, 'shareRecipientType'],
        `a username names a user, so shareRecipientType must be "user"; name a ${shareRecipientType} by its id instead`,
      );
    }
    const user = context.state.usersByUsername.get(request.username);
    if (!user) throw new NotFoundError(`User with username "${request.username}" not found; no shared roles were changed`);
    return { recipientId: user.id, recipientName: user.username, recipientType: 'user', role };
  }

  const id = request.id ?? '';
  if (shareRecipientType === 'user') {
    const user = context.state.users.get(id);
    if (!user) throw new NotFoundError(`User ${id} not found; no shared roles were changed`);
    return { recipientId: user.id, recipientName: user.username, recipientType: 'user', role };
  }

  const collection = context.state.collections.get(id);
  if (!collection || collection.type !== shareRecipientType) {
    throw new NotFoundError(`${capitalize(shareRecipientType)} ${id} not found; no shared roles were changed`);
  }
  return { recipientId: collection.id, recipientName: collection.name, recipientType: collection.type, role };
}

function ownerOf(context: DomainContext, kind: ShareableKind, entityId: string): string {
  return kind === 'artifact' ? findArtifact(context, entityId).creatorId : findRepository(context, entityId).creatorId;
}

function grantsOf(context: DomainContext, kind: ShareableKind): Map<string, Grant[]> {
  return kind === 'artifact' ? context.state.artifactGrants : context.state.repositoryGrants;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
