import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { classifyAddress } from './address-class';

/** Enough of a receiver's answer to show in the delivery log; the rest is not read. */
const MAX_RESPONSE_BYTES = 4 * 1024;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivateTargets: boolean;
}

export type WebhookPostResult =
  | { kind: 'response'; statusCode: number; responseBody: string; durationMs: number }
  /** Not sent: the host resolved to an address we refuse (SSRF guard). Retrying will not help. */
  | { kind: 'refused'; error: 'destination_not_allowed'; detail: string; durationMs: number }
  | { kind: 'error'; error: string; durationMs: number };

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The only way merchants' URLs are called. The hostname is resolved once, every address it
 * resolves to is checked (private, loopback, link-local, CGNAT, multicast, unspecified are refused
 * unless allowed for development), and the connection is pinned to the address that was checked,
 * so a second DNS answer (rebinding) cannot send the request elsewhere. The Host header and TLS
 * SNI still carry the URL's hostname. No redirects are followed, the whole exchange has a deadline,
 * and at most a few KB of the response are read.
 */
@Injectable()
export class WebhookHttpClient {
  constructor(private readonly resolve: Resolver = systemResolver) {}

  async post(req: WebhookPost): Promise<WebhookPostResult> {
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    const url = new URL(req.url);
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1'); // IPv6 literals come bracketed
    let addresses: { address: string; family: number }[];
    try {
      addresses = isIP(hostname) ? [{ address: hostname, family: isIP(hostname) }] : await this.resolve(hostname);
    } catch (err) {
      return { kind: 'error', error: `dns_error: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, durationMs: elapsed() };
    }
    if (addresses.length === 0) return { kind: 'error', error: 'dns_error: no addresses', durationMs: elapsed() };
    if (!req.allowPrivateTargets) {
      const forbidden = addresses.find((a) => classifyAddress(a.address) !== 'public');
      if (forbidden) {
        return {
          kind: 'refused',
          error: 'destination_not_allowed',
          detail: `${hostname} resolves to ${classifyAddress(forbidden.address)} address ${forbidden.address}`,
          durationMs: elapsed(),
        };
      }
    }
    const pinned = addresses[0];
    try {
      const { statusCode, responseBody } = await this.send(url, pinned, req);
      return { kind: 'response', statusCode, responseBody, durationMs: elapsed() };
    } catch (err) {
      return { kind: 'error', error: (err as Error).message, durationMs: elapsed() };
    }
  }

  private send(url: URL, pinned: { address: string; family: number }, req: WebhookPost): Promise<{ statusCode: number; responseBody: string }> {
    // Connect to the checked address whatever the hostname resolves to now.
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const body = Buffer.from(req.body, 'utf8');
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, value?: { statusCode: number; responseBody: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(value!);
      };
      const outgoing = request(
        url,
        {
          method: 'POST',
          lookup,
          agent: false,
          headers: { ...req.headers, 'content-length': String(body.length), connection: 'close' },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () =>
            finish(null, { statusCode: res.statusCode ?? 0, responseBody: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES) });
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
            size += chunk.length;
            if (size >= MAX_RESPONSE_BYTES) {
              done();
              res.destroy();
            }
          });
          res.on('end', done);
          res.on('error', (err) => finish(err));
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy(new Error(`timeout after ${req.timeoutMs} ms`));
      }, req.timeoutMs);
      outgoing.on('error', (err) => finish(err));
      outgoing.end(body);
    });
  }
}
