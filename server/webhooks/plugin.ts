import fp from 'fastify-plugin'
import { webhookQueue } from '../storage/repositories/webhook-queue.ts'
import { startDeliveryWorker, type DeliveryWorker } from './delivery-worker.ts'

/**
 * Runs the webhook delivery worker while the app runs: started once the app is ready, stopped when
 * it closes (before the caller closes the database).
 */
export default fp(
  async (app) => {
    const { config } = app
    let worker: DeliveryWorker | undefined
    app.addHook('onReady', async () => {
      worker = await startDeliveryWorker(
        webhookQueue(app.db.knex),
        app.db.listen,
        {
          pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
          leaseMs: config.WEBHOOK_LEASE_MS,
          timeoutMs: config.WEBHOOK_TIMEOUT_MS,
          maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
          retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
          retryMaxMs: config.WEBHOOK_RETRY_MAX_MS,
          allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
          source: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
        },
        app.log.child({ component: 'webhooks' }),
      )
    })
    app.addHook('onClose', async () => {
      await worker?.close()
    })
  },
  { name: 'webhook-delivery', dependencies: ['database'] },
)
