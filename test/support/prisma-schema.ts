import { readFileSync } from 'node:fs';

// A reader for the parts of prisma/schema.prisma the drift test compares with the database:
// tables, columns (type, nullability, default presence), keys, indexes and foreign keys.

export interface SchemaColumn {
  readonly field: string;
  readonly column: string;
  readonly prismaType: string;
  readonly nullable: boolean;
  readonly nativeType: string | null;
}

export interface SchemaForeignKey {
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
}

export interface SchemaModel {
  readonly name: string;
  readonly table: string;
  readonly columns: readonly SchemaColumn[];
  readonly primaryKey: readonly string[];
  readonly uniques: readonly (readonly string[])[];
  readonly indexes: readonly (readonly string[])[];
  readonly foreignKeys: readonly SchemaForeignKey[];
}

export interface PrismaSchema {
  readonly models: readonly SchemaModel[];
  readonly enums: ReadonlyMap<string, readonly string[]>;
}

export function readPrismaSchema(path: string): PrismaSchema {
  const text = readFileSync(path, 'utf8').replace(/\/\/.*$/gm, '');
  const enums = new Map<string, string[]>();
  for (const match of text.matchAll(/^enum (\w+) \{([^}]*)\}/gm)) {
    enums.set(match[1]!, match[2]!.split(/\s+/).filter(Boolean));
  }
  const blocks = [...text.matchAll(/^model (\w+) \{([^}]*)\}/gm)].map((match) => ({ name: match[1]!, body: match[2]! }));
  const modelNames = new Set(blocks.map((block) => block.name));
  const tableOf = new Map(blocks.map((block) => [block.name, /@@map\("([^"]+)"\)/.exec(block.body)?.[1] ?? block.name]));

  const models = blocks.map(({ name, body }): SchemaModel => {
    const lines = body.split('\n').map((line) => line.trim()).filter(Boolean);
    const fieldLines = lines.filter((line) => !line.startsWith('@@'));
    const columnOf = new Map<string, string>();
    const columns: SchemaColumn[] = [];
    const primaryKey: string[] = [];
    const uniques: string[][] = [];
    const relations: { fields: string[]; references: string[]; target: string }[] = [];
    for (const line of fieldLines) {
      const [field, rawType = '', ...rest] = line.split(/\s+/);
      const attributes = rest.join(' ');
      const prismaType = rawType.replace(/[?[\]]/g, '');
      if (modelNames.has(prismaType)) {
        const relation = /fields:\s*\[([^\]]+)\],\s*references:\s*\[([^\]]+)\]/.exec(attributes);
        if (relation) relations.push({ fields: splitList(relation[1]!), references: splitList(relation[2]!), target: prismaType });
        continue;
      }
      const column = /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? field!;
      columnOf.set(field!, column);
      columns.push({
        field: field!,
        column,
        prismaType,
        nullable: rawType.endsWith('?'),
        nativeType: /@db\.(\w+(?:\(\d+\))?)/.exec(attributes)?.[1] ?? null,
      });
      if (/@id\b/.test(attributes)) primaryKey.push(column);
      if (/@unique\b/.test(attributes)) uniques.push([column]);
    }
    const mapColumns = (fields: string[]) => fields.map((field) => columnOf.get(field) ?? field);
    const blockList = (attribute: string) =>
      lines
        .filter((line) => line.startsWith(`@@${attribute}(`))
        .map((line) => mapColumns(splitList(/\[([^\]]+)\]/.exec(line)![1]!)));
    const compositeId = blockList('id')[0];
    return {
      name,
      table: tableOf.get(name)!,
      columns,
      primaryKey: compositeId ?? primaryKey,
      uniques: [...uniques, ...blockList('unique')],
      indexes: blockList('index'),
      foreignKeys: relations.map((relation) => ({
        columns: mapColumns(relation.fields),
        referencedTable: tableOf.get(relation.target)!,
        referencedColumns: relation.references.map(
          (field) => blocks.find((block) => block.name === relation.target)!.body.match(new RegExp(`^\\s*${field}\\s.*@map\\("([^"]+)"\\)`, 'm'))?.[1] ?? field,
        ),
      })),
    };
  });
  return { models, enums };
}

function splitList(list: string): string[] {
  return list.split(',').map((item) => item.trim()).filter(Boolean);
}

/** The MariaDB COLUMN_TYPE Prisma's MySQL connector creates for a column. */
export function expectedColumnType(column: SchemaColumn, enums: ReadonlyMap<string, readonly string[]>): string {
  const enumValues = enums.get(column.prismaType);
  if (enumValues) return `enum(${enumValues.map((value) => `'${value}'`).join(',')})`;
  if (column.nativeType) {
    const native = column.nativeType.toLowerCase();
    return native === 'text' ? 'text' : native;
  }
  const defaults: Record<string, string> = {
    Int: 'int(11)',
    BigInt: 'bigint(20)',
    Boolean: 'tinyint(1)',
    String: 'varchar(191)',
    DateTime: 'datetime(3)',
    Json: 'longtext',
  };
  const type = defaults[column.prismaType];
  if (!type) throw new Error(`no expected column type for ${column.prismaType}`);
  return type;
}
