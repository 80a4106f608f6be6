import { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';

export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own Postgres schema; no service reads another's. */
  schema: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  poolSize?: number;
}

export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  const config: DataSourceOptions = {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    // search_path makes hand-written SQL land in the service's own schema without qualifying every name.
    extra: { max: options.poolSize ?? 10, application_name: `lipa-${options.schema}`, options: `-c search_path="${options.schema}"` },
  };
  return new DataSource(config);
}

/**
 * Connects and brings the schema up to date. TypeORM would create `<schema>.migrations` before any
 * migration runs and fail on a fresh database, so the schema is created first (docs/stack.md trap 11).
 */
export async function initializeServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** The schema a migration runs in: the one of the service whose DataSource runs it. */
export function migrationSchema(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('Lipa migrations need a DataSource with a schema');
  return schema;
}

/**
 * Rows from `query()`: TypeORM's Postgres driver answers UPDATE/DELETE … RETURNING with [rows, affectedCount]
 * but INSERT and SELECT with the rows alone.
 */
export function returnedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as T[]) : (result as T[]);
}
