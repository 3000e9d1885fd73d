import { Type } from 'typebox'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USER_ROLES, USERNAME_PATTERN } from '../domain/users.ts'

export const Username = Type.String({ pattern: USERNAME_PATTERN, description: 'lowercase letters, digits, dot, dash or underscore; 2 to 40 characters' })
export const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }) },
  { additionalProperties: false },
)

export const Me = Type.Object({
  username: Type.String(),
  role: Type.Enum(USER_ROLES),
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'send as x-csrf-token with every change made through this session' }),
})

export const TokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'what the token is for, e.g. "QGIS on my laptop"' }),
    expires_in_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
)

export const TokenInfo = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when it was last used, to the minute' }),
  revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'revoked by its owner, an admin, a password reset or disabling the account' }),
})

export const TokenParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

export const PublicUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Type.Enum(USER_ROLES),
  disabled: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
})

export const UserCreate = Type.Object({ username: Username, role: Type.Enum(USER_ROLES), password: Password }, { additionalProperties: false })

export const UserUpdate = Type.Object(
  { role: Type.Optional(Type.Enum(USER_ROLES)), disabled: Type.Optional(Type.Boolean()), password: Type.Optional(Password) },
  { additionalProperties: false, minProperties: 1 },
)
