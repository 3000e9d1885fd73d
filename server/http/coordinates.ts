import { Problem, type ProblemLocation } from './problem.ts'

/** Longitude/latitude checks for query parameters given as comma lists (bbox, contains). */
function rangeProblems(values: readonly number[], where: string, axes: ReadonlyArray<'longitude' | 'latitude'>): ProblemLocation[] {
  return values.flatMap((value, index) => {
    const axis = axes[index]!
    const limit = axis === 'longitude' ? 180 : 90
    return Math.abs(value) <= limit ? [] : [{ where: `${where}[${index}]`, message: `${axis} ${value} is outside -${limit}..${limit}` }]
  })
}

function throwIfAny(problems: ProblemLocation[]): void {
  if (problems.length > 0) throw new Problem(400, problems.map((problem) => `${problem.where}: ${problem.message}`).join('; '), problems)
}

/** minLon,minLat,maxLon,maxLat: in range, south edge not north of the north edge (west > east crosses the antimeridian). */
export function checkBbox(bbox: readonly number[], where = 'query.bbox'): [number, number, number, number] {
  const problems = rangeProblems(bbox, where, ['longitude', 'latitude', 'longitude', 'latitude'])
  if (problems.length === 0 && bbox[1]! > bbox[3]!) problems.push({ where, message: `the south edge ${bbox[1]} is north of the north edge ${bbox[3]}` })
  throwIfAny(problems)
  return bbox as [number, number, number, number]
}

/** lon,lat in range. */
export function checkPoint(point: readonly number[], where = 'query.contains'): [number, number] {
  throwIfAny(rangeProblems(point, where, ['longitude', 'latitude']))
  return point as [number, number]
}
