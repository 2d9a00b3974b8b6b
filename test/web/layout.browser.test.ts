import t from 'tap';
import { accessibilityProblems, chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

// Every dashboard page, crawled at a laptop's and a phone's size: no sideways page scroll,
// the page's buttons and Sign out on screen, no serious accessibility finding, tables
// named, contrast of borders and focus ring, no console error anywhere.
const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  // Two sizes of some fifteen pages, each checked by axe: more than tap's default two minutes.
  t.setTimeout(600_000);
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  await web.db.prisma.decisionLog.createMany({
    data: Array.from({ length: 4 }, (_, index) => ({
      createdAt: new Date(Date.UTC(2026, 10, 20, 9, index)),
      uniqueId: `1764000000.${index}`,
      channel: `PJSIP/1009-0000000${index}`,
      agent: '1009',
      dialed: `07123456${index}0`,
      result: 'dial',
      did: '0310000046',
      dialStrings: `PJSIP/256712345${index}0@main_trunk | PJSIP/0712345${index}0@backup_trunk_with_a_long_name`,
      rule: 'route mobile',
      configVersion: 2,
      decisionMicros: 41,
    })),
  });
  const { page, base, problems, shot } = await openDashboardPage(t, web.app);

  const SIZES = [
    { name: 'laptop', width: 1366, height: 768 },
    { name: 'phone', width: 390, height: 844 },
  ] as const;

  t.test('sign in', async () => {
    await page.goto(`${base}/dids`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/dids`);
  });

  async function pagesToVisit(): Promise<string[]> {
    const nav = await page.locator('nav[aria-label="Main"] a').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
    const route = await web.db.prisma.outboundRoute.findFirstOrThrow();
    const agent = await web.db.prisma.agent.findFirstOrThrow();
    return [...new Set([...nav, '/dids/new', `/agents/${agent.id}/edit`, `/routes/${route.id}/edit`, '/users/new', '/account/password', '/no-such-page'])];
  }

  /** Elements whose right edge is past the viewport's, as `tag.class "text"`. */
  async function offScreen(selector: string): Promise<string[]> {
    return page.locator(selector).evaluateAll((elements) =>
      elements
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim()}"`),
    );
  }

  async function unnamedTables(): Promise<number> {
    return page.locator('table').evaluateAll(
      (tables) =>
        tables.filter((table) => {
          const caption = (table as HTMLTableElement).caption?.textContent?.trim() ?? '';
          return caption === '' && !table.getAttribute('aria-label') && !table.getAttribute('aria-labelledby');
        }).length,
    );
  }

  for (const size of SIZES) {
    t.test(`every page at ${size.width}×${size.height}`, async (t) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/dids`);
      for (const path of await pagesToVisit()) {
        await page.goto(`${base}${path}`);
        const widths = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
          // The innermost elements sticking out, to say what is too wide.
          culprits: [...document.querySelectorAll('body *')]
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5 && element.children.length === 0)
            .filter((element) => {
              for (let box = element.parentElement; box !== null; box = box.parentElement) if (getComputedStyle(box).overflowX !== 'visible') return false;
              return true;
            })
            .slice(0, 3)
            .map((element) => `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 30)}"`),
        }));
        t.ok(widths.scroll <= widths.inner, `${path}: the page is ${widths.scroll} px wide in a ${widths.inner} px window`, { culprits: widths.culprits });
        t.same(await offScreen('main .page-header a, main .page-header button, main .form-actions button, main .form-actions a, main td.actions a, main td.actions button, .account button'), [], `${path}: buttons on screen`);
        t.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 1, `${path}: Sign out is there`);
        t.equal(await unnamedTables(), 0, `${path}: every table has a name`);
        t.same(await accessibilityProblems(page), [], `${path}: no serious accessibility problem`);
        if (size.name === 'phone') {
          const navHeight = await page.locator('.sidebar').evaluate((element) => element.getBoundingClientRect().height);
          t.ok(navHeight <= 130, `${path}: the navigation takes ${navHeight} px of the phone's height`);
        }
      }
      await page.goto(`${base}/decisions`);
      await shot(`calls-${size.name}`);
      await page.goto(`${base}/routes`);
      await shot(`routes-${size.name}`);
    });
  }

  t.test('a wide table scrolls inside its own box, reachable by keyboard', async (t) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/decisions`);
    const box = page.locator('#decisions-table .table-scroll');
    const sizes = await box.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth, tabIndex: element.tabIndex }));
    t.ok(sizes.scroll > sizes.client, 'the table is wider than its box');
    t.equal(sizes.tabIndex, 0, 'the scrolling box takes focus');
    const rowHeight = await page.locator('#decisions-table tbody tr').first().evaluate((row) => row.getBoundingClientRect().height);
    const lineHeight = await page.locator('#decisions-table tbody td').first().evaluate((cell) => parseFloat(getComputedStyle(cell).lineHeight));
    t.ok(rowHeight < lineHeight * 3, `a call row is ${rowHeight} px high with ${lineHeight} px lines: dial strings do not wrap mid-token`);
  });

  t.test('input borders and the focus ring contrast at least 3:1 with white', async (t) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${base}/dids/new`);
    const number = page.getByLabel('Number');
    const border = await number.evaluate((input) => getComputedStyle(input).borderTopColor);
    t.ok(contrast(border, 'rgb(255, 255, 255)') >= 3, `input border ${border}: ${contrast(border, 'rgb(255, 255, 255)').toFixed(2)}:1`);
    await number.focus();
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { color: style.outlineColor, width: style.outlineWidth, style: style.outlineStyle };
    });
    t.not(ring.style, 'none', 'the focused field shows a ring');
    t.ok(contrast(ring.color, 'rgb(255, 255, 255)') >= 3, `focus ring ${ring.color}: ${contrast(ring.color, 'rgb(255, 255, 255)').toFixed(2)}:1`);
    await page.locator('.sidebar nav a').first().focus();
    const sidebar = await page.locator('.sidebar nav a').first().evaluate((link) => ({
      ring: getComputedStyle(link).outlineColor,
      background: getComputedStyle(link.closest('.sidebar') as Element).backgroundColor,
    }));
    t.ok(contrast(sidebar.ring, sidebar.background) >= 3, `focus ring on the navigation ${sidebar.ring} on ${sidebar.background}`);
  });

  t.test('the favicon is served', async (t) => {
    const answer = await page.request.get(`${base}/favicon.ico`);
    t.equal(answer.status(), 200);
    t.match(answer.headers()['content-type'], /^image\//);
    const linked = await page.locator('link[rel="icon"]').getAttribute('href');
    t.equal(linked, '/favicon.ico');
  });

  t.test('no console error on any page', async (t) => {
    t.same(problems.filter((text) => !/status of 404 \(Not Found\)/.test(text)), [], 'only the 404 page the crawl opened on purpose');
  });

  function contrast(foreground: string, background: string): number {
    const luminance = (color: string) => {
      const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
        const channel = Number(part) / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
    return (light! + 0.05) / (dark! + 0.05);
  }
}
