/** Who may change what the map says. Reading needs no account. */
export const USER_ROLES = ['editor', 'admin'] as const
export type UserRole = (typeof USER_ROLES)[number]

export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,39}$'
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

/** An admin may do all an editor may. */
export function hasRole(actual: UserRole, required: UserRole): boolean {
  return required === 'editor' || actual === 'admin'
}
