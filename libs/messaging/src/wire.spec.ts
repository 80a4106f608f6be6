import type { ConsumeMessage } from 'amqplib';
import { newEnvelope } from './envelope';
import { BadMessageError, fromMessage, toBody, toPublishOptions } from './wire';

function asMessage(body: Buffer, properties: Record<string, unknown>, routingKey = 'x'): ConsumeMessage {
  return { content: body, fields: { routingKey } as ConsumeMessage['fields'], properties: properties as unknown as ConsumeMessage['properties'] };
}

describe('envelope on the wire', () => {
  it('puts the envelope in AMQP properties and the payload in the body, and reads it back', () => {
    const e = newEnvelope('payment.completed', { amount_minor: 100 }, { correlationId: 'c-1', merchantId: 'm-1', version: 2 });
    const props = toPublishOptions(e);
    expect(props).toMatchObject({
      messageId: e.id,
      type: 'payment.completed',
      correlationId: 'c-1',
      persistent: true,
      headers: { merchant_id: 'm-1', version: 2, occurred_at: e.occurred_at },
    });
    expect(typeof props.timestamp).toBe('number');
    expect(fromMessage(asMessage(toBody(e.payload), props as Record<string, unknown>))).toEqual(e);
  });

  it('uses the command name as the AMQP type when given one', () => {
    const e = newEnvelope('ledger.post', {}, { correlationId: 'c' });
    expect(toPublishOptions(e, 'post-hold').type).toBe('post-hold');
  });

  it.each([
    ['a body that is not JSON', Buffer.from('{nope'), { messageId: '4f1c1c57-2f7e-4d5e-9b8a-0a1b2c3d4e5f' }],
    ['a message id that is not a uuid', Buffer.from('{}'), { messageId: 'abc' }],
    ['no message id', Buffer.from('{}'), {}],
  ])('refuses %s', (_what, body, props) => {
    expect(() => fromMessage(asMessage(body, props))).toThrow(BadMessageError);
  });

  it('omits merchant_id when there is none', () => {
    const e = newEnvelope('x', 1, { correlationId: 'c' });
    expect('merchant_id' in e).toBe(false);
    expect(fromMessage(asMessage(toBody(1), toPublishOptions(e) as Record<string, unknown>))).toEqual(e);
  });
});
