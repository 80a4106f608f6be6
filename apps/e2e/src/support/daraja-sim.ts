/**
 * The simulator's test control API (apps/daraja-sim/README.md, "Routes"), for suites that run it as its
 * own process: what Daraja was asked, never Daraja's own paths.
 */

/** A push as daraja-sim received it: `GET /__sim/transactions/{CheckoutRequestID}`. */
export interface SimPush {
  merchantRequestId: string;
  checkoutRequestId: string;
  /** BusinessShortCode: the paybill, or a till's store number. */
  shortcode: string;
  /** PartyB: the paybill again, or the till. */
  partyB: string;
  transactionType: string;
  /** The consumer key the push's bearer token was issued to: which Daraja app sent it. */
  consumerKey: string;
  queries: Array<{ consumerKey: string; shortcode: string }>;
  amount: number;
  phoneNumber: string;
  resultCode: number | null;
  receipt?: string;
  transactionDate?: number;
}

export type SimRequestCounts = Record<'oauth' | 'stkPush' | 'stkQuery' | 'callbacks', number>;

export class SimControl {
  constructor(readonly baseUrl: string) {}

  /** The push with this CheckoutRequestID; throws when the simulator never received it. */
  async push(checkoutRequestId: string): Promise<SimPush> {
    const response = await fetch(`${this.baseUrl}/__sim/transactions/${encodeURIComponent(checkoutRequestId)}`);
    if (response.status !== 200) throw new Error(`daraja-sim has no push ${checkoutRequestId}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as SimPush;
  }

  /** How many OAuth, STK push and query calls reached the simulator, and callbacks it sent. */
  async requestCounts(): Promise<SimRequestCounts> {
    const response = await fetch(`${this.baseUrl}/__sim/requests`);
    if (response.status !== 200) throw new Error(`daraja-sim /__sim/requests: HTTP ${response.status}`);
    return (await response.json()) as SimRequestCounts;
  }
}
