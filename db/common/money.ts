// Money is integer fen (分) everywhere; yuan appear only as text typed by or shown to people.

/** The largest amount the app accepts: 10 billion yuan, well inside exact integer range. */
export const MAX_FEN = 1_000_000_000_000;

/**
 * Parses yuan as people type them ("1234.5", "1,234.50", "￥80") into fen, exactly (no floats).
 * Returns null for anything else, including more than two decimals or negative amounts.
 */
export function parseYuan(text: string): number | null {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replace(/,/g, '').trim();
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent today, as ten digits of yuan stay under MAX_FEN; kept for a wider pattern.
  return fen <= MAX_FEN ? fen : null;
}

/** Fen as yuan text with two decimals and thousands separators: 123456 → "1,234.56". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
