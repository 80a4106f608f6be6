// Verifying Lipa webhooks in Node with the `standardwebhooks` package (npm install standardwebhooks).
// docs/webhooks.md explains what arrives; this file is tested against real deliveries
// (apps/e2e/src/webhook-verification.e2e-spec.ts).
//
// Paste `verifyLipaWebhook` and `handleLipaWebhook` into your app. Run as a CLI it checks one saved request:
//   LIPA_WEBHOOK_SECRET=whsec_… node verify-node.mjs request.json
// where request.json is {"headers": {"webhook-id": …, "webhook-timestamp": …, "webhook-signature": …},
// "body_base64": "<the raw body bytes, base64>"}; it prints the event and exits 0 when valid, 1 otherwise.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';

/**
 * Checks the signature (any of the space-separated `v1,…` signatures may match: during a secret rotation
 * both secrets sign) and that webhook-timestamp is within 5 minutes of now, then parses the body.
 * `rawBody` must be the bytes exactly as received (a Buffer or string), never re-serialised JSON.
 * Throws WebhookVerificationError when the request is not from Lipa.
 */
export function verifyLipaWebhook(rawBody, headers, secret = process.env.LIPA_WEBHOOK_SECRET) {
  return new Webhook(secret).verify(rawBody, headers);
}

const seen = new Set(); // use your database (a unique key on the event id) in production

/**
 * A handler for node:http (or Express with `express.raw({ type: 'application/json' })`, passing req.body):
 * reads the raw body, verifies it, de-duplicates on webhook-id, answers 2xx at once and works afterwards.
 */
export function handleLipaWebhook(req, res) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let event;
    try {
      event = verifyLipaWebhook(Buffer.concat(chunks), req.headers);
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(204).end(); // answer fast; a slow answer counts as a failure and is sent again
    if (seen.has(event.id)) return; // at least once: the same webhook-id may arrive more than once
    seen.add(event.id);
    if (event.mode !== 'live') console.log('test-mode event', event.type, event.id);
    switch (event.type) {
      case 'payment.completed':
        // mark the order event.data.reference as paid, receipt event.data.transaction_code
        break;
      case 'payment.failed':
        // event.data.status is failed, cancelled or timeout
        break;
      default:
        break; // ignore types you do not handle
    }
  });
}

// CLI: node verify-node.mjs request.json (the secret in LIPA_WEBHOOK_SECRET).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const request = JSON.parse(readFileSync(process.argv[2], 'utf8'));
    const event = verifyLipaWebhook(Buffer.from(request.body_base64, 'base64'), request.headers);
    console.log(`valid ${event.type} ${event.id} (${event.mode})`);
    process.exit(0);
  } catch (error) {
    console.log(`invalid: ${error.message}`);
    process.exit(1);
  }
}
