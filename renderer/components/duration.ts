// How long something took, in words for people: "不到 1 秒", "3 秒", "1 分 5 秒" (never milliseconds).
import { i18n } from '../i18n';

export function durationText(ms: number): string {
  const { t } = i18n.global;
  if (!Number.isFinite(ms) || ms < 1000) return t('app.duration.underSecond');
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t('app.duration.seconds', { n: seconds }, seconds);
  return t('app.duration.minutes', { m: Math.floor(seconds / 60), s: seconds % 60 });
}
