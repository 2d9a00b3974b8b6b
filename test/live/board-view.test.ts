import t from 'tap';
import { domId } from '../../src/domain/live/board.js';
import { EMPTY_FLOOR, type LiveFloor } from '../../src/domain/live/floor.js';
import { BoardDiff, BoardRenderer, type MirrorView } from '../../src/live/board-view.js';
import { member, queue } from '../support/floor-publisher.js';

const view = (state: LiveFloor, kind: 'live' | 'stale' = 'live'): MirrorView => ({ state, status: { kind, holder: 'h' }, statusSince: 0, heardAt: 0 });
const floor = (paused: boolean): LiveFloor => ({ ...EMPTY_FLOOR, queues: { q: queue('q', [member('q', 'PJSIP/1', '<b>One</b>', { paused, pausedReason: paused ? 'break' : '' }), member('q', 'PJSIP/2', 'Two')]) } });

t.test('the diff: everything first, nothing when nothing changed, then only what changed', async (t) => {
  const diff = new BoardDiff(new BoardRenderer());
  const first = diff.next(view(floor(false)));
  t.equal(first.length, 2, 'the banner, then the tables');
  t.same(diff.next(view(floor(false))), [], 'an update that changes nothing visible sends nothing');
  const paused = diff.next(view(floor(true)));
  t.equal(paused.length, 1);
  t.match(paused[0], new RegExp(`^<tr id="${domId('agent', 'PJSIP/1')}"`));
  t.match(paused[0], /&lt;b&gt;One&lt;\/b&gt;/, 'escaped');
  t.notMatch(paused[0], new RegExp(domId('agent', 'PJSIP/2')), 'the unchanged agent is not sent');
  const stale = diff.next(view(floor(true), 'stale'));
  t.equal(stale.length, 1);
  t.match(stale[0], /^<div id="live-banner"[\s\S]*Live data unavailable/);
});

t.test('an agent\'s diff holds only their own row', async (t) => {
  const diff = new BoardDiff(new BoardRenderer(), 'PJSIP/2');
  const [, tables] = diff.next(view(floor(false)));
  t.match(tables, /Two/);
  t.notMatch(tables, /One|live-queues|live-calls/);
  t.same(diff.next(view(floor(true))), [], 'another agent\'s pause is not this agent\'s news');
});
