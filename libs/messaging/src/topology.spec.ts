import { assertDelayMs, MAX_DELAY_MS, Topology } from './topology';

describe('Topology: lanes and delayed commands', () => {
  const t = new Topology('t1.');

  it('names the work queue, its routing key and the retry queues of both lanes', () => {
    expect(t.workQueue('webhook-dispatcher')).toBe('t1.lipa.webhook-dispatcher.work');
    expect(t.commandRoutingKey('webhook-dispatcher')).toBe('webhook-dispatcher');
    expect(t.commandRoutingKey('webhook-dispatcher', 'work')).toBe('webhook-dispatcher.work');
    // The default lane keeps the name it always had.
    expect(t.retryQueue('webhook-dispatcher', 60_000)).toBe('t1.lipa.webhook-dispatcher.retry.60000');
    expect(t.retryQueue('webhook-dispatcher', 60_000, 'work')).toBe('t1.lipa.webhook-dispatcher.work.retry.60000');
    expect(t.retryQueueFor('webhook-dispatcher.work', 5)).toBe(t.retryQueue('webhook-dispatcher', 5, 'work'));
  });

  it('dead-letters a retry queue to lipa.commands with the routing key of its lane', () => {
    expect(t.retryArgs('svc.work', 1_500)).toEqual({
      'x-message-ttl': 1_500,
      'x-dead-letter-exchange': 't1.lipa.commands',
      'x-dead-letter-routing-key': 'svc.work',
    });
    expect(t.retryArgs('svc', 1_500)['x-dead-letter-routing-key']).toBe('svc');
  });

  it('gives the work queue the quorum arguments of the commands queue', () => {
    expect(t.quorumArgs('svc', 5)).toEqual({
      'x-queue-type': 'quorum',
      'x-delivery-limit': 5,
      'x-dead-letter-exchange': 't1.lipa.dlx',
      'x-dead-letter-routing-key': 'svc',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    });
  });

  it('accepts delays that are positive integers up to 7 days, and nothing else', () => {
    expect(MAX_DELAY_MS).toBe(604_800_000);
    expect(() => assertDelayMs(1)).not.toThrow();
    expect(() => assertDelayMs(MAX_DELAY_MS)).not.toThrow();
    for (const bad of [0, -1, 1.5, MAX_DELAY_MS + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => assertDelayMs(bad)).toThrow(/delayMs/);
    }
    expect(() => t.retryArgs('svc', 0)).toThrow(/delayMs/);
  });
});
