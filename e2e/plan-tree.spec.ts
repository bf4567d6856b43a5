import { expect, test } from '@playwright/test';
import { openLesson, referenceOf, run, setCode } from './support.ts';

/** 06's query plans as trees (src/ui/plan-tree.ts), the node that read the most pages marked on each side. */

test('06: the baseline’s plan marks its Seq Scan, the reference’s its index scan, and the text is one click away', async ({ page }) => {
  test.setTimeout(120_000);
  await openLesson(page, '06-database');
  await setCode(page, referenceOf('06-database'));
  await run(page);
  const sides = page.locator('[data-texts] figure');
  await expect(sides).toHaveCount(3);
  const orderPage = (side: number) => sides.nth(side).locator('.plan-tree').first();
  await expect(orderPage(0).locator('.plan-hottest .plan-name')).toHaveText('Seq Scan on orders');
  await expect(orderPage(0).locator('.plan-hottest .plan-figures')).toHaveText(/^[\d,]+ rows · 3,\d{3} pages read$/);
  await expect(orderPage(2).locator('.plan-hottest .plan-name')).toHaveText(/^Index Scan using \w+ on orders$/);
  // The Limit above reads nothing itself: Buffers count what is under a node too.
  await expect(orderPage(2).locator('.plan-node').first()).toContainText('no pages read');
  const text = sides.nth(0).locator('details pre');
  await expect(text).toBeHidden();
  await sides.nth(0).locator('details summary').click();
  await expect(text).toContainText('Buffers: shared hit=');
});
