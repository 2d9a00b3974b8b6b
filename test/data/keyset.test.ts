import t from 'tap';
import { ascendingSlice, readKeysetPage, type KeysetSlice } from '../../src/data/keyset.js';

// The pager over a sorted list of keys, read the way a repository reads its table.
const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

function read(slice: KeysetSlice): Promise<string[]> {
  const inRange = keys.filter((key) => (slice.before === undefined || key < slice.before) && (slice.after === undefined || key > slice.after));
  return Promise.resolve((slice.backwards ? inRange.reverse() : inRange).slice(0, slice.take));
}

const cases: readonly { name: string; after?: string; before?: string; rows: string[]; nextAfter: string | null; previousBefore: string | null }[] = [
  { name: 'the first page', rows: ['a', 'b', 'c'], nextAfter: 'c', previousBefore: null },
  { name: 'a middle page', after: 'c', rows: ['d', 'e', 'f'], nextAfter: 'f', previousBefore: 'd' },
  { name: 'the last page', after: 'f', rows: ['g'], nextAfter: null, previousBefore: 'g' },
  { name: 'back from the middle', before: 'd', rows: ['a', 'b', 'c'], nextAfter: 'c', previousBefore: null },
  { name: 'back from the end', before: 'g', rows: ['d', 'e', 'f'], nextAfter: 'f', previousBefore: 'd' },
  { name: 'past the end', after: 'z', rows: [], nextAfter: null, previousBefore: null },
  { name: 'a key between rows', after: 'bb', rows: ['c', 'd', 'e'], nextAfter: 'e', previousBefore: 'c' },
];

for (const { name, after, before, ...expected } of cases) {
  t.test(name, async (t) => {
    const page = await readKeysetPage({ ...(after !== undefined && { after }), ...(before !== undefined && { before }), limit: 3 }, read, (key) => key);
    t.strictSame(page, expected);
  });
}

t.test('ascendingSlice: the Prisma filter and order of a slice', async (t) => {
  const slices: readonly [KeysetSlice, unknown][] = [
    [{ after: undefined, before: undefined, backwards: false, take: 4 }, { where: {}, orderBy: { number: 'asc' } }],
    [{ after: '031', before: undefined, backwards: false, take: 4 }, { where: { number: { gt: '031' } }, orderBy: { number: 'asc' } }],
    [{ after: undefined, before: '045', backwards: true, take: 4 }, { where: { number: { lt: '045' } }, orderBy: { number: 'desc' } }],
  ];
  for (const [slice, expected] of slices) t.strictSame(ascendingSlice('number', slice), expected, JSON.stringify(slice));
});
