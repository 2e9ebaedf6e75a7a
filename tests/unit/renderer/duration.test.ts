// @vitest-environment happy-dom
// Import screens say how long reading and writing took in words people use, never in milliseconds.
import { afterEach, describe, expect, it } from 'vitest';
import { durationText } from '../../../renderer/components/duration';
import { setLocale } from '../../../renderer/i18n';

afterEach(async () => {
  await setLocale('zh-CN');
});

describe('durationText', () => {
  it.each([
    [0, '不到 1 秒'],
    [999, '不到 1 秒'],
    [1000, '约 1 秒'],
    // 3.4 s and 2.6 s both read as about 3 seconds.
    [3400, '约 3 秒'],
    [2600, '约 3 秒'],
    // 59.6 s rounds to 60 s: a minute, not "60 秒".
    [59_600, '约 1 分 0 秒'],
    [65_000, '约 1 分 5 秒'],
    [Number.NaN, '不到 1 秒'],
  ])('%d ms in Chinese: %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('speaks English with one second and several', async () => {
    await setLocale('en');
    expect(durationText(400)).toBe('under a second');
    expect(durationText(1200)).toBe('about 1 second');
    expect(durationText(3000)).toBe('about 3 seconds');
    expect(durationText(125_000)).toBe('about 2 min 5 s');
  });
});
