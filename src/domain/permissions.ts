import type { SharingRole } from './types.js';

/** Permission names of the API's `ResourcePermission` enum that the fake grants. */
export type Permission =
  | 'CAN_VIEW'
  | 'CAN_UPDATE'
  | 'CAN_DELETE'
  | 'CAN_SHARE'
  | 'CAN_SHARE_ROLE_OWNER'
  | 'CAN_SHARE_ROLE_READ_WRITE'
  | 'CAN_SHARE_ROLE_READ_ONLY';

const FULL_CONTROL: Permission[] = [
  'CAN_VIEW',
  'CAN_UPDATE',
  'CAN_DELETE',
  'CAN_SHARE',
  'CAN_SHARE_ROLE_OWNER',
  'CAN_SHARE_ROLE_READ_WRITE',
  'CAN_SHARE_ROLE_READ_ONLY',
];
const VIEW_AND_UPDATE: Permission[] = ['CAN_VIEW', 'CAN_UPDATE'];
const VIEW_ONLY: Permission[] = ['CAN_VIEW'];

/**
 * Permissions of each sharing role: owners and admins everything, the editing roles view
 * and update, the reading roles view only.
 */
export const ROLE_PERMISSIONS: Record<SharingRole, Permission[]> = {
  OWNER: FULL_CONTROL,
  ADMIN: FULL_CONTROL,
  READ_WRITE: VIEW_AND_UPDATE,
  EDITOR: VIEW_AND_UPDATE,
  USER: VIEW_AND_UPDATE,
  DATA_SCIENTIST: VIEW_AND_UPDATE,
  READ_ONLY: VIEW_ONLY,
  CONSUMER: VIEW_ONLY,
  OBSERVER: VIEW_ONLY,
  NO_ROLE: [],
};

/** Roles from the strongest to the weakest, used to pick a caller's best grant. */
const ROLE_RANK: SharingRole[] = ['OWNER', 'ADMIN', 'READ_WRITE', 'EDITOR', 'USER', 'DATA_SCIENTIST', 'READ_ONLY', 'CONSUMER', 'OBSERVER', 'NO_ROLE'];

/** Returns a role's position from the strongest (0, OWNER) to the weakest (NO_ROLE). */
export function roleRank(role: SharingRole): number {
  return ROLE_RANK.indexOf(role);
}

export function strongestRole(roles: SharingRole[]): SharingRole {
  let best: SharingRole = 'NO_ROLE';
  for (const role of roles) if (ROLE_RANK.indexOf(role) < ROLE_RANK.indexOf(best)) best = role;
  return best;
}
