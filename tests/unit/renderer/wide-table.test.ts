// @vitest-environment happy-dom
// A table wider than the screen scrolls in its own box: only then is the box a keyboard stop named
// after the table (a fitting table adds no tab stop and no extra name for a screen reader).
import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { h, nextTick } from 'vue';
import WideTable from '../../../renderer/components/WideTable.vue';

function widths(scrollWidth: number, clientWidth: number) {
  Object.defineProperty(HTMLElement.prototype, 'scrollWidth', { configurable: true, get: () => scrollWidth });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => clientWidth });
}

const table = () => h('table', [h('caption', '康复训练记录'), h('tbody', [h('tr', [h('td', '陈一诺')])])]);

async function shown(props: Record<string, unknown> = {}) {
  const wrapper = mount(WideTable, { props, slots: { default: table } });
  await nextTick();
  return wrapper.find('.table-wide');
}

afterEach(() => {
  delete (HTMLElement.prototype as { scrollWidth?: number }).scrollWidth;
  delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
});

describe('WideTable', () => {
  it('adds no tab stop and no name while the table fits', async () => {
    widths(700, 700);
    const box = await shown();
    expect(box.attributes('tabindex')).toBeUndefined();
    expect(box.attributes('role')).toBeUndefined();
    expect(box.attributes('aria-label')).toBeUndefined();
  });

  it('is a focusable group named by the table caption when the table is wider than its box', async () => {
    widths(1300, 700);
    const box = await shown();
    expect(box.attributes('tabindex')).toBe('0');
    expect(box.attributes('role')).toBe('group');
    expect(box.attributes('aria-label')).toBe('康复训练记录');
  });

  it('takes the name it is given over the caption', async () => {
    widths(1300, 700);
    const box = await shown({ label: '已收到的上报包' });
    expect(box.attributes('aria-label')).toBe('已收到的上报包');
  });
});
