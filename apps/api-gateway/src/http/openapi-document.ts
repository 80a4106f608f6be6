import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SECURITY_SCHEMES, securityRequirements } from './openapi';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

/** The version of the public contract, not of the package: bump it when the API changes incompatibly. */
const API_VERSION = '1.0.0';

/**
 * Probes and metrics are for the orchestrator, not for merchants (README "Default port"): they stay
 * out of the reference. Everything else Nest routes is in it.
 */
const OPERATIONAL_PATH_PREFIXES = ['/health', '/metrics'];

const DESCRIPTION = `M-Pesa payments for aggregators and their merchants: STK Push, balances, webhooks.

Every body has \`success\` and \`message\`; resource fields sit at the top level; lists put items in \`data\`
and pages in \`pagination\`. Errors add a stable \`error_code\` and the \`request_id\`, with the HTTP status
that fits (400 validation, 401 credentials, 404, 409, 422 business rule, 429, 503 upstream unavailable).

Amounts are KES: whole shillings for STK Push. Phones are accepted as 07…, 01…, 7…, +254… or 254….
A POST that moves money honours \`Idempotency-Key\`.`;

/** Tag names for `@ApiTags(...)`, in the order the reference shows them. */
const TAGS: Array<[string, string]> = [
  ['Auth', 'Merchant sign-up, portal log-in and log-out.'],
  ['Profile', 'The signed-in merchant: profile, subscription, keys and payment accounts.'],
  ['API keys', 'Keys for server integrations; the secret is shown once. Managed with a portal session.'],
  ['OAuth', 'Client-credentials access tokens for an API key.'],
  ['Payment accounts', "The merchant's paybills and tills that STK pushes collect on."],
  ['STK Push', 'Ask a customer to approve a payment on their phone, and read its outcome.'],
  ['Transactions', 'Every money movement of the merchant, one list.'],
  ['Balance', 'Wallet and collection balances.'],
  ['Webhooks', 'Endpoints that receive signed events (Standard Webhooks), and their delivery log.'],
  ['Banks', 'Kenyan banks and their M-Pesa paybills.'],
  ['Admin', 'Platform administration; admins only.'],
];

function documentConfig(): Omit<OpenAPIObject, 'paths'> {
  const builder = new DocumentBuilder()
    .setTitle('Lipa Gateway API')
    .setDescription(DESCRIPTION)
    .setVersion(API_VERSION)
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This gateway')
    .addSecurity(SECURITY_SCHEMES.secretKey, {
      type: 'http',
      scheme: 'bearer',
      description: '`Authorization: Bearer sk_test_…` or `sk_live_…`: the API secret alone. A test key only sees test data.',
    })
    .addSecurity(SECURITY_SCHEMES.apiKey, { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The key id, `ak_…`, sent with `X-API-Secret`.' })
    .addSecurity(SECURITY_SCHEMES.apiSecret, {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Secret',
      description: 'The secret, `sk_…`, of the `X-API-Key` sent with it.',
    })
    .addSecurity(SECURITY_SCHEMES.oauth2, {
      type: 'oauth2',
      description:
        'OAuth 2.0 client credentials: `client_id` = `ak_…`, `client_secret` = `sk_…` (HTTP Basic, form or JSON). The access token is sent as `Authorization: Bearer` and lasts `expires_in` seconds.',
      flows: { clientCredentials: { tokenUrl: '/v1/oauth/token', scopes: {} } },
    })
    .addSecurity(SECURITY_SCHEMES.sessionCookie, {
      type: 'apiKey',
      in: 'cookie',
      name: 'lipa_session',
      description: 'The portal session cookie set by `POST /v1/auth/login`.',
    })
    .addSecurity(SECURITY_SCHEMES.sessionToken, {
      type: 'http',
      scheme: 'bearer',
      description: 'The portal session token (`sess_…`) from `POST /v1/auth/login`, as `Authorization: Bearer`.',
    });
  // The default for every route: any one credential. @ApiPublic() routes override it with `security: []`.
  for (const requirement of securityRequirements()) builder.addSecurityRequirements(requirement);
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return builder.build();
}

/** `StkController.push` → `stkPush`: stable ids for generated clients. */
function operationId(controllerKey: string, methodKey: string): string {
  const controller = controllerKey.replace(/Controller$/, '');
  return `${controller.charAt(0).toLowerCase()}${controller.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
}

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function sortKeys<T extends object>(object: T, compare: (a: string, b: string) => number = (a, b) => a.localeCompare(b)): T {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => compare(a, b))) as T;
}

/**
 * The same code always gives the same bytes: paths, methods, responses and components in a fixed
 * order, whatever order modules are imported or decorators applied in. Inside a schema the property
 * order stays the declaration order, which is how a reader expects a body to read.
 */
function normalise(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths).sort(([a], [b]) => a.localeCompare(b))) {
    if (OPERATIONAL_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) continue;
    const ordered = sortKeys(item, (a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const method of METHOD_ORDER) {
      const operation = (ordered as Record<string, { responses?: Record<string, unknown> } | undefined>)[method];
      if (operation?.responses) operation.responses = sortKeys(operation.responses);
    }
    paths[path] = ordered;
  }
  const components = document.components ?? {};
  const { openapi, info, servers, tags, security, ...rest } = document;
  // DocumentBuilder always adds an empty `contact`; an empty object only tells readers nothing.
  const { contact, ...infoWithoutContact } = info;
  return {
    openapi,
    info: contact && Object.keys(contact).length > 0 ? info : infoWithoutContact,
    servers,
    tags,
    security,
    ...rest,
    paths,
    components: sortKeys(Object.fromEntries(Object.entries(components).map(([kind, entries]) => [kind, sortKeys(entries as object)]))),
  };
}

function rank(key: string): number {
  const index = METHOD_ORDER.indexOf(key);
  return index === -1 ? -1 : index;
}

/** The OpenAPI 3 document of the app's routes, from their decorators (also what scripts/openapi.ts writes). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return normalise(SwaggerModule.createDocument(app, documentConfig(), { operationIdFactory: operationId }));
}

/**
 * Serves the document at `/openapi.json` and swagger-ui at `/docs`, from swagger-ui-dist in
 * node_modules (no CDN: deployments may have no internet).
 */
export function setupOpenApi(app: NestExpressApplication): void {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH.slice(1), app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'Lipa Gateway API reference',
    // swagger-ui would otherwise send the document to validator.swagger.io from the reader's browser.
    swaggerOptions: { validatorUrl: null, persistAuthorization: false },
  });
}
