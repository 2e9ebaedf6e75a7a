// The layout rules for Chinese screens, checked on every screen the E2E run visits (checkScreen):
// - no clipped text unless its full text is available (a title or an accessible name);
// - names, dates and short words never split across lines (陈一/诺, 2020-01-/01, 出/勤);
// - the text boxes and select boxes of one form stand equally tall;
// - the page never scrolls sideways (a wide table scrolls in its own focusable box, and only
//   below a typical centre PC's 1366 px).
// Runs in the page; returns one line per problem naming the element and its text.
import type { Page } from 'playwright-core';

export async function layoutProblems(page: Page, typicalPc: boolean): Promise<string[]> {
  return page.evaluate((typical) => {
    const problems: string[] = [];
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls}`;
    };
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') return false;
      const rect = el.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0;
    };
    const hidden = (el: Element) => el.closest('.visually-hidden, [aria-hidden="true"], script, style, template, noscript') !== null;

    // 1. Clipped text: content wider than its box with overflow cut, and no full text offered.
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))) {
      if (hidden(el) || !visible(el)) continue;
      const style = getComputedStyle(el);
      // A box with elements inside is measured too when it is the one that cuts (a table heading
      // cuts the sort button inside it, a cell the link inside it): its leaves are not cut themselves.
      if (el.children.length > 0 && el.tagName !== 'SELECT' && style.textOverflow !== 'ellipsis') continue;
      const text = (el.tagName === 'SELECT' ? (el as HTMLSelectElement).selectedOptions[0]?.textContent : el.textContent)?.trim() ?? '';
      if (!text) continue;
      const cuts = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis' || el.tagName === 'SELECT';
      if (!cuts) continue;
      let over: boolean;
      if (el.tagName === 'SELECT') {
        // A select's own box hides what does not fit: measure the chosen option's text.
        const probe = document.createElement('span');
        probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${style.font}`;
        probe.textContent = text;
        document.body.appendChild(probe);
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20; // the arrow
        over = probe.getBoundingClientRect().width + padding > el.getBoundingClientRect().width + 1;
        probe.remove();
      } else {
        over = el.scrollWidth > el.clientWidth + 1;
      }
      if (!over) continue;
      const offered = [el.getAttribute('title'), el.getAttribute('aria-label'), el.closest('[title]')?.getAttribute('title')].some((full) => full && full.includes(text.slice(0, 20)));
      if (!offered) problems.push(`clipped without its full text: ${describe(el)} "${text.slice(0, 40)}"`);
    }

    // 2. Names, dates and short words split across lines.
    const walker = document.createTreeWalker(document.querySelector('#app') ?? document.body, NodeFilter.SHOW_TEXT);
    const splitAcross = (node: Text, start: number, end: number) => {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return tops.size > 1;
    };
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const parent = node.parentElement;
      if (!parent || hidden(parent) || !visible(parent)) continue;
      if (parent.closest('textarea, pre, .allow-wrap')) continue;
      const text = node.data;
      // A date stands on its own (not the tail of a record number such as KF202609-01, a code below).
      for (const match of text.matchAll(/(?<![\dA-Za-z])(?:\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|\d{4}-\d{2}(?!\d))/g)) {
        if (splitAcross(node, match.index!, match.index! + match[0].length)) problems.push(`date split across lines: ${describe(parent)} "${match[0]}"`);
      }
      for (const match of text.matchAll(/[A-Z]{2}\d{6}-\d{2}/g)) {
        if (splitAcross(node, match.index!, match.index! + match[0].length)) problems.push(`record number split across lines: ${describe(parent)} "${match[0]}"`);
      }
      // A short run of Chinese (a name, a column heading, a status) is one word: it must not break.
      for (const match of text.matchAll(/[\u3400-\u9fff·]{2,6}/g)) {
        // Only a text that is one short word as a whole (a name, a heading): long text may wrap.
        const whole = text.trim() === match[0];
        if (whole && splitAcross(node, match.index!, match.index! + match[0].length)) {
          problems.push(`word split across lines: ${describe(parent)} "${match[0]}"`);
        }
      }
    }

    // 3. Controls of one form at one height.
    for (const form of Array.from(document.querySelectorAll('main form, main .toolbar, main .inline-form'))) {
      const controls = Array.from(form.querySelectorAll<HTMLElement>('input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]):not([type=range]), select')).filter(
        (c) => visible(c) && !hidden(c) && c.closest('table') === null,
      );
      const heights = new Map<number, string>();
      for (const c of controls) heights.set(Math.round(c.getBoundingClientRect().height), describe(c));
      const values = [...heights.keys()];
      if (values.length > 1 && Math.max(...values) - Math.min(...values) > 2) {
        problems.push(`controls of unequal height in ${describe(form)}: ${[...heights.entries()].map(([h, d]) => `${d} ${h}px`).join(', ')}`);
      }
    }
    // 4. The page wider than the window: a user would have to scroll the whole screen sideways.
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      // Name the outermost elements that reach past the right edge (not each of their cells).
      const past = Array.from(document.querySelectorAll<HTMLElement>('#app *')).filter((el) => !hidden(el) && visible(el) && el.getBoundingClientRect().right > width + 1);
      const outermost = past.filter((el) => !past.includes(el.parentElement as HTMLElement));
      problems.push(`page wider than the window (${document.documentElement.scrollWidth} > ${width} px): ${outermost.slice(0, 3).map(describe).join(', ')}`);
    }
    // 5. At a typical centre PC's width every table fits: none needs its own sideways scroll.
    if (typical) {
      for (const box of Array.from(document.querySelectorAll<HTMLElement>('.table-wide'))) {
        if (visible(box) && box.scrollWidth > box.clientWidth + 1) problems.push(`table scrolls sideways at this width (${box.scrollWidth} > ${box.clientWidth} px): ${describe(box.querySelector('table') ?? box)}`);
      }
    }
    return [...new Set(problems)];
  }, typicalPc);
}
