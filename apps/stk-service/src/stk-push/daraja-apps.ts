import type { ApiMode } from '@lipa/contracts';
import { DarajaClient, darajaTimestamp, stkPassword } from '@lipa/daraja';
import { SecretBox } from '@lipa/platform';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { StkServiceConfig } from '../config';
import { LruCache } from './lru-cache';
import { DarajaAppUnreadable, LiveModeNotConfigured } from './stk.errors';
import { parseDarajaApp } from './stk-route';

/** Bounds the memory merchants' own apps take: each client holds a token cache handle and a few breakers. */
const MAX_MERCHANT_APPS = 1_000;

interface Backend {
  baseUrl: string;
  platform: DarajaClient;
  shortcode: string;
  passkey: string;
}

/** The Daraja app a push or query goes through, and the passkey its STK password is built with. */
export interface DarajaApp {
  client: DarajaClient;
  passkey: string;
  /** The merchant's own app (its credentials are the merchant's to fix), or the platform's. */
  ownApp: boolean;
}

/**
 * Every Daraja app stk-service talks through (docs/design.md §3): the platform's test app, its live app, and each
 * merchant's own app, each its own DarajaClient, so each has its own cached token and breakers and one
 * merchant's wrong credentials never trip another's pushes. Test mode always reaches the test backend, a
 * merchant's own app included; live mode the live backend, or nothing.
 */
@Injectable()
export class DarajaApps implements OnApplicationShutdown {
  private readonly backends = new Map<ApiMode, Backend>();
  private readonly merchantClients = new LruCache<DarajaClient>(MAX_MERCHANT_APPS, (client) => client.close());
  private readonly box: SecretBox;
  private readonly logger = new Logger('Daraja');

  constructor(
    private readonly config: StkServiceConfig,
    private readonly redis: Redis,
  ) {
    this.box = SecretBox.fromKeyRing(config.CREDENTIALS_KEY_RING);
    this.backends.set('test', {
      baseUrl: config.DARAJA_TEST_BASE_URL,
      platform: this.newClient(config.DARAJA_TEST_BASE_URL, config.DARAJA_TEST_CONSUMER_KEY, config.DARAJA_TEST_CONSUMER_SECRET),
      shortcode: config.DARAJA_TEST_SHORTCODE,
      passkey: config.DARAJA_TEST_PASSKEY,
    });
    if (config.DARAJA_LIVE_BASE_URL) {
      this.backends.set('live', {
        baseUrl: config.DARAJA_LIVE_BASE_URL,
        platform: this.newClient(config.DARAJA_LIVE_BASE_URL, config.DARAJA_LIVE_CONSUMER_KEY, config.DARAJA_LIVE_CONSUMER_SECRET),
        shortcode: config.DARAJA_LIVE_SHORTCODE,
        passkey: config.DARAJA_LIVE_PASSKEY,
      });
    }
  }

  /** The platform's own paybill for the mode (174379, the sandbox's, in test mode by default). */
  platformShortcode(mode: ApiMode): string {
    return this.backend(mode).shortcode;
  }

  /** The platform's app for the mode (for operators and tests: its breakers say how Daraja is doing for us). */
  platformClient(mode: ApiMode): DarajaClient {
    return this.backend(mode).platform;
  }

  /**
   * The platform's app, or the merchant's own when the push carries one (opened here, with the merchant id as
   * the seal's owner, so a sealed app copied onto another merchant's account does not open).
   */
  app(mode: ApiMode, merchantId: string, darajaAppSealed: string | null): DarajaApp {
    const backend = this.backend(mode);
    if (!darajaAppSealed) return { client: backend.platform, passkey: backend.passkey, ownApp: false };
    let own;
    try {
      own = parseDarajaApp(this.box.open(darajaAppSealed, merchantId));
    } catch (error) {
      this.logger.error({ msg: 'stk.daraja_app.unreadable', merchant_id: merchantId, reason: (error as Error).message });
      throw new DarajaAppUnreadable("The payment account's Daraja app could not be read; save its credentials again");
    }
    // Only the shortcode's passkey: the platform's app pushes to the merchant's shortcode (an aggregator's arrangement).
    if (!own.consumerKey || !own.consumerSecret) return { client: backend.platform, passkey: own.passkey ?? backend.passkey, ownApp: false };
    const { consumerKey, consumerSecret } = own;
    // Keyed by a hash of the whole app on this backend: new credentials get a new client with fresh breakers.
    const key = createHash('sha256').update(`${backend.baseUrl}\n${consumerKey}\n${consumerSecret}`).digest('hex');
    const client = this.merchantClients.getOrCreate(key, () => this.newClient(backend.baseUrl, consumerKey, consumerSecret));
    return { client, passkey: own.passkey ?? backend.passkey, ownApp: true };
  }

  /** A fresh timestamp and the password Daraja checks against it and the shortcode. */
  password(shortcode: string, passkey: string, now = new Date()): { timestamp: string; password: string } {
    const timestamp = darajaTimestamp(now);
    return { timestamp, password: stkPassword(shortcode, passkey, timestamp) };
  }

  onApplicationShutdown(): void {
    for (const backend of this.backends.values()) backend.platform.close();
    this.merchantClients.clear();
  }

  private backend(mode: ApiMode): Backend {
    const backend = this.backends.get(mode);
    if (!backend) throw new LiveModeNotConfigured('Live payments are not configured on this gateway');
    return backend;
  }

  private newClient(baseUrl: string, consumerKey: string, consumerSecret: string): DarajaClient {
    return new DarajaClient({
      baseUrl,
      consumerKey,
      consumerSecret,
      redis: this.redis,
      // The shared Redis client already prefixes every key with REDIS_KEY_PREFIX.
      redisKeyPrefix: 'stk:',
      timeoutMs: this.config.DARAJA_TIMEOUT_MS,
      oauthTimeoutMs: this.config.DARAJA_OAUTH_TIMEOUT_MS,
      logger: {
        info: (fields: object, event: string) => this.logger.log({ msg: event, ...fields }),
        warn: (fields: object, event: string) => this.logger.warn({ msg: event, ...fields }),
      },
    });
  }
}
