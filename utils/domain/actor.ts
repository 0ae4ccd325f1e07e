/** Who acts in a team, and with which rights: the server and the extension decide alike. */

export type Role = 'admin' | 'triage' | 'department';
export const ROLES: readonly Role[] = ['admin', 'triage', 'department'];

/** Who is acting: the server knows it from the token, the extension from the login. */
export interface Actor {
  username: string;
  role: Role;
  /** The department a department officer is bound to; empty for the other roles. */
  departmentId: string;
}
