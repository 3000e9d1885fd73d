import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'
import { Problem } from '../http/problem.ts'

/** zxcvbn's score (0 to 4) a new password needs: 3 is "safely unguessable" (about 10^8 guesses or more). */
export const MIN_PASSWORD_SCORE = 3
/**
 * zxcvbn scores only this many leading characters: its work grows steeply with length (seconds for
 * some 256-character inputs), and a strong start makes a strong password whatever follows.
 */
const SCORED_LENGTH = 64
/** Shorter names are too common as parts of words to refuse every password containing them. */
const MIN_NAME_TO_SEARCH = 3

const ADVICE = 'Use four or more unrelated words, or a random password from a password manager.'

let estimator: ZxcvbnFactory | undefined
/** Built on first use: loading the dictionaries takes a moment that sign-ins and reads never need. */
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    maxLength: SCORED_LENGTH,
  })
  return estimator
}

/**
 * Why this password may not be set for this account, with what to do instead; null when it may.
 * Refuses all-whitespace passwords, the username or a password containing it, and anything
 * zxcvbn scores below MIN_PASSWORD_SCORE (common passwords, keyboard runs, dates, repeats).
 * The length limits are in the request schemas; only the first SCORED_LENGTH characters are scored.
 */
export function passwordWeakness(password: string, username: string): string | null {
  if (password.trim() === '') return `The password is only spaces. ${ADVICE}`
  const lowered = password.normalize('NFKC').toLowerCase()
  const name = username.toLowerCase()
  if (lowered === name || (name.length >= MIN_NAME_TO_SEARCH && lowered.includes(name))) {
    return `The password contains the username ${username}, the first thing anyone guesses. ${ADVICE}`
  }
  const result = strengthEstimator().check(password, [username])
  if (result.score >= MIN_PASSWORD_SCORE) return null
  const warning = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '')})` : ''
  return `The password is too easy to guess${warning}. ${ADVICE}`
}

/** Throws a 422 naming `where` (e.g. body.password) when the password may not be set. */
export function requireStrongPassword(password: string, username: string, where: string): void {
  const weakness = passwordWeakness(password, username)
  if (weakness) throw new Problem(422, weakness, [{ where, message: weakness }])
}
