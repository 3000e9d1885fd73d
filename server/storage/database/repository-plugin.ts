import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Knex } from 'knex'

/**
 * A repository as a Fastify plugin: it decorates the app with `decorator`, made from the database
 * that the `database` plugin provides, and declares that plugin as its dependency.
 *
 *   export default repositoryPlugin('parties', partiesRepository)
 */
export function repositoryPlugin<Decorator extends keyof FastifyInstance>(decorator: Decorator, create: (knex: Knex) => FastifyInstance[Decorator]) {
  return fp(
    async (app) => {
      // decorate's typing cannot follow a generic decorator name; the signature above checks the pair.
      app.decorate(decorator, create(app.db.knex) as never)
    },
    { name: `${String(decorator)}-repository`, dependencies: ['database'] },
  )
}
