import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiOperation, DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiAuth, ApiErrors, ApiMovesMoney, ApiPublic, securityRequirements } from './openapi';

@Controller('t')
@ApiAuth()
class SampleController {
  @Post('push')
  @ApiErrors('invalid_phone')
  @ApiMovesMoney()
  @ApiErrors('validation_error', { code: 'made_up', status: 409, description: 'A code not in the catalogue.' })
  push() {}

  @Post('keys')
  @ApiAuth('session')
  keys() {}

  @Get('open')
  @ApiPublic()
  @ApiOperation({ summary: 'Open' })
  open() {}

  @Get('plain')
  @ApiOperation({ summary: 'Plain' })
  @ApiPublic()
  plain() {}
}

@Module({ controllers: [SampleController] })
class SampleModule {}

type Operation = { security?: unknown; summary?: string; parameters?: Array<{ name: string; in: string }>; responses: Record<string, any> };

describe('the OpenAPI decorators (src/http/openapi.ts)', () => {
  let doc: OpenAPIObject;
  const op = (method: 'get' | 'post', path: string) => (doc.paths[path] as Record<string, Operation>)[method];
  const codes = (operation: Operation, status: number) => Object.keys(operation.responses[status]?.content['application/json'].examples ?? {}).sort();

  beforeAll(async () => {
    const app = await NestFactory.create(SampleModule, { preview: true, logger: false });
    doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    await app.close();
  });

  it('puts codes of one status, from several @ApiErrors and the class-wide @ApiAuth, in one response each', () => {
    const push = op('post', '/t/push');
    expect(codes(push, 400)).toEqual(['invalid_idempotency_key', 'invalid_phone', 'validation_error']);
    expect(codes(push, 401)).toEqual(['invalid_api_key', 'invalid_token', 'unauthorized']);
    expect(codes(push, 409)).toEqual(['idempotency_key_in_progress', 'made_up']);
    expect(push.responses[400].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
    expect(push.responses[400].description).toContain('`invalid_phone`');
  });

  it('gives each example the public error body', () => {
    const example = op('post', '/t/push').responses[400].content['application/json'].examples.invalid_phone.value;
    expect(example).toEqual({ success: false, message: expect.any(String), error_code: 'invalid_phone', request_id: expect.any(String) });
  });

  it('documents Idempotency-Key and subscription_inactive on a money-moving route', () => {
    const push = op('post', '/t/push');
    expect(push.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    expect(codes(push, 402)).toEqual(['subscription_inactive']);
    expect(codes(push, 422)).toEqual(['idempotency_key_reused']);
  });

  it('accepts any credential by default, the API key pair as both headers together', () => {
    expect(op('post', '/t/push').security).toEqual(securityRequirements());
    expect(securityRequirements(['api_key_pair'])).toEqual([{ api_key: [], api_secret: [] }]);
  });

  it("lets a method's @ApiAuth('session') narrow the class-wide @ApiAuth()", () => {
    const keys = op('post', '/t/keys');
    expect(keys.security).toEqual([{ session_cookie: [] }, { session_token: [] }]);
    expect(codes(keys, 401)).toEqual(['invalid_token', 'unauthorized']);
    expect(codes(keys, 403)).toEqual(['merchant_suspended', 'session_required']);
  });

  it('marks @ApiPublic() routes `security: []` without 401s, whatever the order beside @ApiOperation', () => {
    for (const path of ['/t/open', '/t/plain']) {
      expect(op('get', path).security).toEqual([]);
      expect(op('get', path).responses[401]).toBeUndefined();
    }
    expect(op('get', '/t/open').summary).toBe('Open');
    expect(op('get', '/t/plain').summary).toBe('Plain');
  });
});
