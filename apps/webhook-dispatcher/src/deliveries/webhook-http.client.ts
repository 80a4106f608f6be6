import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupAddress } from 'node:dns';
import { isIPv6, type LookupFunction } from 'node:net';
import { AddressVerdict, judgeAddress } from './address-class';

/** What of a receiver's answer is read and kept (the attempt log's excerpt); reading stops there. */
export const MAX_RESPONSE_BYTES = 2 * 1024;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The whole exchange: DNS, connect, send, and reading the answer. */
  timeoutMs: number;
  /** Loopback or private destinations that may be called anyway (development): parsePrivateTargets(WEBHOOK_ALLOWED_PRIVATE_TARGETS). */
  privateTargets: PrivateTargets;
}

export type WebhookPostResult =
  /** Any HTTP answer, 3xx included (redirects are not followed); responseBody is at most MAX_RESPONSE_BYTES of it. */
  | { kind: 'response'; statusCode: number; responseBody: string; durationMs: number }
  /** Not sent: the URL or an address its host resolves to is one we refuse (SSRF guard). Retrying will not help. */
  | { kind: 'refused'; error: 'destination_not_allowed'; detail: string; durationMs: number }
  | { kind: 'error'; error: string; durationMs: number };

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** One allow-list entry: a host (name or IP address, normalised) and a port, or null for any port of that host. */
export interface PrivateTarget {
  host: string;
  port: number | null;
}

/**
 * WEBHOOK_ALLOWED_PRIVATE_TARGETS, parsed: the loopback or private destinations development may
 * call. An entry matches the URL's host as written or an address it resolves to; there is no
 * wildcard, and an empty list allows nothing.
 */
export class PrivateTargets {
  static readonly none = new PrivateTargets([]);

  constructor(readonly entries: readonly PrivateTarget[]) {}

  allows(host: string, port: number): boolean {
    const name = normaliseHost(host);
    return this.entries.some((e) => e.host === name && (e.port === null || e.port === port));
  }

  toString(): string {
    return this.entries.map((e) => (e.port === null ? e.host : `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`)).join(',');
  }
}

/**
 * `localhost` (any port of that host), `localhost:4000` (only that port), `127.0.0.1:8080`,
 * `[::1]:8080` or `::1`, comma-separated; blanks around entries are ignored; empty: nothing.
 * Throws on an entry that is not one of those, or that would stand for every address (0.0.0.0, ::).
 */
export function parsePrivateTargets(text: string): PrivateTargets {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(parseEntry);
  return new PrivateTargets(entries);
}

function parseEntry(entry: string): PrivateTarget {
  const bad = (why: string) => new Error(`WEBHOOK_ALLOWED_PRIVATE_TARGETS: "${entry}" ${why}`);
  let host: string;
  let portText: string | undefined;
  const bracketed = entry.match(/^\[([^\]]+)\](?::(\d+))?$/);
  if (bracketed) [, host, portText] = bracketed;
  else if (isIPv6(entry))
    host = entry; // a bare IPv6 address: every port
  else if (entry.includes(':')) [host, portText] = [entry.slice(0, entry.lastIndexOf(':')), entry.slice(entry.lastIndexOf(':') + 1)];
  else host = entry;

  const address = judgeAddress(host);
  if (bracketed && !isIPv6(host)) throw bad('is not an IPv6 address in brackets');
  if (address?.range === 'unspecified') throw bad('would allow every address; list the hosts themselves');
  if (!address && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(host)) throw bad('is not a host name or IP address');
  if (portText === undefined) return { host: normaliseHost(host), port: null };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65_535)) throw bad('has no valid port (1–65535)');
  return { host: normaliseHost(host), port };
}

/** Lower-case names; IP addresses in ipaddr.js's normal form (so ::1 and 0:0:0:0:0:0:0:1 are one host). */
function normaliseHost(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return judgeAddress(bare)?.address ?? bare.toLowerCase();
}

class Timeout extends Error {}

/** Keep-alive pools kept at once (one per pinned destination); the least recently used one is closed beyond that. */
const MAX_AGENTS = 256;
/**
 * An idle pooled connection is closed after this long: below the 5 s keep-alive timeout of Node's
 * own HTTP server (a receiver usually closes later), so a reused connection is rarely one the
 * receiver is closing at that moment. A server's `Keep-Alive: timeout` hint, if shorter, wins.
 */
const IDLE_SOCKET_MS = 4_000;

/**
 * The only way merchants' URLs are called. The hostname is resolved once, every address it
 * resolves to is judged (address-class.ts: only public unicast passes, unless the host or the
 * address is on the private-targets allow-list for that port), and the connection goes only to the
 * addresses that were judged, so a second DNS answer (rebinding) cannot send it elsewhere. The Host
 * header and TLS SNI still carry the URL's hostname. No redirects are followed, the whole exchange
 * has one deadline, and at most MAX_RESPONSE_BYTES of the answer are read.
 *
 * Connections are kept alive and reused, each pool (an http(s) Agent) belonging to one pinned
 * destination: scheme, hostname, port AND the exact list of checked addresses. A pool's sockets can
 * only have been opened to those addresses (its lookup returns nothing else), so reuse never skips
 * the check: an attempt whose DNS answer differs gets another pool. A connection that the deadline
 * or the response cap cuts short is destroyed, not reused.
 */
@Injectable()
export class WebhookHttpClient implements OnModuleDestroy {
  /** Pinned destination → its keep-alive pool, least recently used first. */
  private readonly agents = new Map<string, HttpAgent>();

  constructor(private readonly resolve: Resolver = systemResolver) {}

  onModuleDestroy(): void {
    this.close();
  }

  /** Closes every pooled connection (shutdown, tests). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  async post(req: WebhookPost): Promise<WebhookPostResult> {
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    const refused = (detail: string): WebhookPostResult => ({ kind: 'refused', error: 'destination_not_allowed', detail, durationMs: elapsed() });

    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return refused('not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return refused(`${url.protocol} is not http or https`);
    if (url.username || url.password) return refused('the URL carries credentials');
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1'); // IPv6 literals come bracketed
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(`timeout after ${req.timeoutMs} ms`)), req.timeoutMs);
    });
    try {
      const literal = judgeAddress(hostname);
      let answers: { address: string; family: number }[];
      try {
        answers = literal ? [literal] : await Promise.race([this.resolve(hostname), deadline]);
      } catch (err) {
        if (err instanceof Timeout) throw err;
        return { kind: 'error', error: `dns_error: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, durationMs: elapsed() };
      }
      if (answers.length === 0) return { kind: 'error', error: 'dns_error: no addresses', durationMs: elapsed() };

      const hostAllowed = req.privateTargets.allows(hostname, port);
      const checked: AddressVerdict[] = [];
      for (const answer of answers) {
        const verdict = judgeAddress(answer.address);
        if (!verdict) return refused(`${hostname} resolves to ${answer.address}, which is not an IP address`);
        if (!verdict.allowed && !hostAllowed && !req.privateTargets.allows(verdict.address, port)) {
          const what = literal ? `${hostname} is` : `${hostname} resolves to ${answer.address},`;
          return refused(`${what} a ${verdict.range} address, not in WEBHOOK_ALLOWED_PRIVATE_TARGETS`);
        }
        checked.push(verdict);
      }

      const { statusCode, responseBody } = await Promise.race([this.send(url, checked, req, deadline), deadline]);
      return { kind: 'response', statusCode, responseBody, durationMs: elapsed() };
    } catch (err) {
      return { kind: 'error', error: errorText(err), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
    }
  }

  /** POSTs to the checked addresses only (in DNS order, the next one if a connection fails); rejects when the deadline passes. */
  private send(url: URL, checked: AddressVerdict[], req: WebhookPost, deadline: Promise<never>): Promise<{ statusCode: number; responseBody: string }> {
    const pinned: LookupAddress[] = checked.map((v) => ({ address: v.address, family: v.family }));
    const { agent, lookup } = this.agentFor(url, pinned);
    const body = Buffer.from(req.body, 'utf8');
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          lookup,
          agent,
          headers: { ...req.headers, 'content-length': String(body.length) },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
            size += Math.min(chunk.length, MAX_RESPONSE_BYTES - size);
            if (size >= MAX_RESPONSE_BYTES) {
              resolve({ statusCode: res.statusCode ?? 0, responseBody: Buffer.concat(chunks).toString('utf8') });
              res.destroy(); // nothing more is read: a huge or endless answer costs at most the cap (and its connection)
            }
          });
          // Read to the end: the connection goes back to the destination's pool.
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, responseBody: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      // At the deadline the connection is torn down, whatever stage it is in.
      deadline.catch((err: Error) => outgoing.destroy(err));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** The keep-alive pool of this scheme, hostname, port and exact list of checked addresses (a new one for a new list). */
  private agentFor(url: URL, pinned: LookupAddress[]): PinnedAgent {
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) (callback as (err: null, addresses: LookupAddress[]) => void)(null, pinned);
      else callback(null, pinned[0].address, pinned[0].family);
    };
    const key = `${url.protocol}//${url.hostname}:${url.port}|${pinned.map((p) => p.address).join(',')}`;
    let agent = this.agents.get(key);
    if (agent) {
      this.agents.delete(key); // re-inserted below: most recently used last
    } else {
      // The pool's own lookup, too: whatever the request options say, its sockets go only to `pinned`.
      const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, lookup };
      agent = url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
      if (this.agents.size >= MAX_AGENTS) {
        const [oldestKey, oldest] = this.agents.entries().next().value as [string, HttpAgent];
        this.agents.delete(oldestKey);
        oldest.destroy();
      }
    }
    this.agents.set(key, agent);
    return { agent, lookup };
  }
}

export interface PinnedAgent {
  agent: HttpAgent;
  lookup: LookupFunction;
}

function errorText(err: unknown): string {
  const errors = (err as { errors?: unknown }).errors; // AggregateError: every address failed (not instanceof across realms)
  if (Array.isArray(errors) && errors.length > 0) return errors.map((e) => errorText(e)).join('; ');
  return err instanceof Error && err.message ? err.message : String(err);
}
