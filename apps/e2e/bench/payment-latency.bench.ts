/**
 * `npm run bench`: how long one payment takes from `POST /v1/stk-push` to the signed webhook arriving at the
 * merchant's receiver, across all seven processes, with the simulator's callback delay at 0. Also runs a
 * burst of concurrent payments for throughput. Prints a table; targets live here, never in unit tests.
 *
 *   BENCH_PAYMENTS=50 BENCH_CONCURRENCY=10 npm run bench
 */
import { Webhook } from 'standardwebhooks';
import { startE2eStack } from '../src/support/lipa-stack';

const SEQUENTIAL = Number(process.env.BENCH_PAYMENTS ?? 30);
const CONCURRENT = Number(process.env.BENCH_CONCURRENCY ?? 20);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const e2e = await startE2eStack({ label: 'bench', simCallbackDelayMs: 0 });
  try {
    const merchant = await e2e.api.onboardMerchant(`${e2e.receiver.url}/hooks`, 'bench');
    const verifier = new Webhook(merchant.webhookSecret);
    const arrivals = new Map<string, number>();
    const waitFor = async (transactionId: string, deadlineMs = 30_000): Promise<number> => {
      const until = Date.now() + deadlineMs;
      while (Date.now() < until) {
        for (const request of e2e.receiver.requests) {
          const event = JSON.parse(request.body) as { data: { transaction_id: string } };
          if (!arrivals.has(event.data.transaction_id)) {
            verifier.verify(request.body, Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])));
            arrivals.set(event.data.transaction_id, request.receivedAt);
          }
        }
        const at = arrivals.get(transactionId);
        if (at) return at;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      throw new Error(`no webhook for ${transactionId}`);
    };
    const pay = async (i: number) => {
      const started = Date.now();
      const response = await e2e.api.call('POST', '/v1/stk-push', {
        headers: merchant.auth,
        body: { phone: '0712345678', amount: 1 + (Math.abs(i) % 100), reference: `BENCH-${i}` },
      });
      if (response.status !== 201) throw new Error(`push failed: ${JSON.stringify(response.body)}`);
      const accepted = Date.now();
      const arrived = await waitFor(response.body.transaction_id);
      return { pushMs: accepted - started, webhookMs: arrived - started };
    };

    for (let i = 0; i < 3; i++) await pay(-1 - i); // warm-up: JIT, connection pools, OAuth token

    const sequential = [];
    for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await pay(i));
    const push = sequential.map((r) => r.pushMs).sort((a, b) => a - b);
    const webhook = sequential.map((r) => r.webhookMs).sort((a, b) => a - b);

    const burstStarted = Date.now();
    const burst = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => pay(10_000 + i)));
    const burstMs = Date.now() - burstStarted;
    const burstLatency = burst.map((r) => r.webhookMs).sort((a, b) => a - b);
    const burstPush = burst.map((r) => r.pushMs).sort((a, b) => a - b);

    const row = (label: string, values: number[]) => `| ${label} | ${percentile(values, 50)} | ${percentile(values, 95)} | ${values[values.length - 1]} |`;
    process.stdout.write(
      [
        '',
        `One payment at a time (${SEQUENTIAL} payments, simulator callback delay 0 ms), milliseconds:`,
        '| from POST /v1/stk-push to | p50 | p95 | max |',
        '|---|---|---|---|',
        row('the 201 answer (pending)', push),
        row('the signed webhook at the receiver', webhook),
        '',
        `${CONCURRENT} payments at once: all webhooks in ${burstMs} ms (${((CONCURRENT * 1000) / burstMs).toFixed(1)} payments/s); per payment to the webhook p50 ${percentile(burstLatency, 50)} ms, max ${burstLatency[burstLatency.length - 1]} ms; to the 201 answer p50 ${percentile(burstPush, 50)} ms, max ${burstPush[burstPush.length - 1]} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await e2e.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
