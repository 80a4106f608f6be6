import { randomBytes } from 'node:crypto';

/** A prefix for exchanges, queues and Redis keys that no other suite or run uses. */
export function testPrefix(label = 't'): string {
  return `${label}${randomBytes(4).toString('hex')}.`;
}
