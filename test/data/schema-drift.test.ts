import t from 'tap';
import { createTestDatabase } from '../support/database.js';
import { expectedColumnType, readPrismaSchema } from '../support/prisma-schema.js';

// The migrations are hand-written SQL (Prisma's migrate engine cannot run here). This test
// proves the migrated database is exactly what schema.prisma describes, so they cannot drift.

const schema = readPrismaSchema(new URL('../../prisma/schema.prisma', import.meta.url).pathname);
const db = await createTestDatabase(t);

interface ColumnRow { TABLE_NAME: string; COLUMN_NAME: string; COLUMN_TYPE: string; IS_NULLABLE: string }
interface IndexRow { TABLE_NAME: string; INDEX_NAME: string; NON_UNIQUE: number | bigint; COLUMNS: string }
interface ForeignKeyRow { TABLE_NAME: string; COLUMNS: string; REFERENCED_TABLE_NAME: string; REFERENCED_COLUMNS: string }

const columns = await db.prisma.$queryRawUnsafe<ColumnRow[]>(
  'SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?',
  db.name,
);
const indexes = await db.prisma.$queryRawUnsafe<IndexRow[]>(
  `SELECT TABLE_NAME, INDEX_NAME, MAX(NON_UNIQUE) AS NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS COLUMNS
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME, INDEX_NAME`,
  db.name,
);
const foreignKeys = await db.prisma.$queryRawUnsafe<ForeignKeyRow[]>(
  `SELECT TABLE_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) AS COLUMNS, REFERENCED_TABLE_NAME,
          GROUP_CONCAT(REFERENCED_COLUMN_NAME ORDER BY ORDINAL_POSITION) AS REFERENCED_COLUMNS
     FROM information_schema.KEY_COLUMN_USAGE
    WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL GROUP BY TABLE_NAME, CONSTRAINT_NAME`,
  db.name,
);

t.test('the database has exactly the tables of the schema (plus Prisma migration bookkeeping)', async (t) => {
  const tables = [...new Set(columns.map((row) => row.TABLE_NAME))].sort();
  t.same(tables, [...schema.models.map((model) => model.table), '_prisma_migrations'].sort());
});

for (const model of schema.models) {
  t.test(`${model.name} (${model.table}) matches the schema`, async (t) => {
    const tableColumns = columns.filter((row) => row.TABLE_NAME === model.table);
    t.same(
      tableColumns.map((row) => row.COLUMN_NAME).sort(),
      model.columns.map((column) => column.column).sort(),
      'same columns',
    );
    for (const column of model.columns) {
      const row = tableColumns.find((candidate) => candidate.COLUMN_NAME === column.column);
      if (!row) continue;
      t.equal(row.COLUMN_TYPE, expectedColumnType(column, schema.enums), `${column.column} type`);
      t.equal(row.IS_NULLABLE === 'YES', column.nullable, `${column.column} nullability`);
    }
    const tableIndexes = indexes.filter((row) => row.TABLE_NAME === model.table);
    const primary = tableIndexes.find((row) => row.INDEX_NAME === 'PRIMARY');
    t.equal(primary?.COLUMNS, model.primaryKey.join(','), 'primary key');
    const uniqueSets = tableIndexes.filter((row) => Number(row.NON_UNIQUE) === 0 && row.INDEX_NAME !== 'PRIMARY').map((row) => row.COLUMNS);
    t.same(uniqueSets.sort(), model.uniques.map((cols) => cols.join(',')).sort(), 'unique indexes');
    const plainSets = tableIndexes.filter((row) => Number(row.NON_UNIQUE) === 1).map((row) => row.COLUMNS);
    for (const index of model.indexes) t.ok(plainSets.includes(index.join(',')), `index on ${index.join(',')}`);
    const tableForeignKeys = foreignKeys
      .filter((row) => row.TABLE_NAME === model.table)
      .map((row) => `${row.COLUMNS}->${row.REFERENCED_TABLE_NAME}(${row.REFERENCED_COLUMNS})`)
      .sort();
    t.same(
      tableForeignKeys,
      model.foreignKeys.map((fk) => `${fk.columns.join(',')}->${fk.referencedTable}(${fk.referencedColumns.join(',')})`).sort(),
      'foreign keys',
    );
  });
}
