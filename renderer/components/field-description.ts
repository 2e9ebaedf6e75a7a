// The ids a form control's aria-describedby lists, in reading order: other describing elements
// given `before`, its hint, its error (when there is one), then those given `after`. Shared by
// every field component.
export function describedByIds(
  id: string,
  parts: { hint?: string; error?: string },
  extra: { before?: string; after?: string } = {},
): string | undefined {
  const ids = [extra.before, parts.hint ? `${id}-hint` : '', parts.error ? `${id}-error` : '', extra.after].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
