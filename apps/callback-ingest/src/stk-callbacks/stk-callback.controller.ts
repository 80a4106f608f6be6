import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CallbackIngestConfig } from '../config';
import { IngestStkCallback } from './ingest-stk-callback.use-case';

/** What Safaricom expects back; any 2xx works, this is the customary body. */
const ACCEPTED = { ResultCode: 0, ResultDesc: 'Accepted' };
const REJECTED = { ResultCode: 1, ResultDesc: 'Rejected' };

@Controller('callbacks/stk')
export class StkCallbackController {
  private readonly allowedIps: Set<string>;

  constructor(
    private readonly ingest: IngestStkCallback,
    private readonly config: CallbackIngestConfig,
  ) {
    this.allowedIps = new Set(
      config.CALLBACK_ALLOWED_IPS.split(',')
        .map((ip) => ip.trim())
        .filter(Boolean),
    );
  }

  @Post(':token')
  @HttpCode(200)
  async receive(@Param('token') token: string, @Req() req: RawBodyRequest<Request> & { id?: string }, @Res() res: Response): Promise<void> {
    const sourceIp = this.sourceIp(req);
    const outcome = await this.ingest.execute(
      {
        pathToken: token,
        sourceIp,
        headers: { ...req.headers },
        rawBody: req.rawBody?.toString('utf8') ?? (typeof req.body === 'string' ? req.body : ''),
        correlationId: String(req.id ?? ''),
      },
      this.isAllowedSource(sourceIp),
    );
    if (outcome === 'rejected_source') {
      res.status(403).json(REJECTED);
    } else if (outcome === 'rejected_token') {
      res.status(404).json(REJECTED);
    } else {
      res.status(200).json(ACCEPTED);
    }
  }

  private sourceIp(req: Request): string | null {
    if (this.config.CALLBACK_TRUST_PROXY) {
      const forwarded = req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '') || null;
  }

  private isAllowedSource(ip: string | null): boolean {
    return this.allowedIps.size === 0 || (ip !== null && this.allowedIps.has(ip));
  }
}
