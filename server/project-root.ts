import { packageDirectorySync } from 'package-directory'

/**
 * The repository's root folder (where package.json is), found from this module whether it runs
 * from server/ under tsx or bundled into dist/server/ (`npm run build`). Paths to files that ship
 * beside the code (the built client, the seed dataset) start here.
 */
export const PROJECT_ROOT = findProjectRoot()

function findProjectRoot(): string {
  const root = packageDirectorySync({ cwd: import.meta.dirname })
  if (!root) throw new Error(`No package.json above ${import.meta.dirname}: run the server from a checkout of Truce Atlas`)
  return root
}
