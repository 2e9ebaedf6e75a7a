// Running text with the parts that must never break across lines marked: dates (2026-11-22,
// 2026-11-22 13:01, 2026-11), and record numbers with a hyphen (KF202609-01). The rest may wrap.
export interface TextPart {
  text: string;
  keep: boolean;
}

const KEEP = /[A-Z]{2}\d{6}-\d{2}|(?<![\dA-Za-z])(?:\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|\d{4}-\d{2}(?!\d))/g;

export function noBreakParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(KEEP)) {
    if (match.index! > at) parts.push({ text: text.slice(at, match.index), keep: false });
    parts.push({ text: match[0], keep: true });
    at = match.index! + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), keep: false });
  return parts;
}
