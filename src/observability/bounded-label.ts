// Prometheus keeps one time series per distinct label value, forever. Some label values come from
// callers (a GraphQL operation name is whatever the client typed), so an unbounded label lets any
// client grow the gateway's memory and every scrape without limit. A bounded label admits the
// first `max` distinct values and folds the rest into one overflow value.

export const OVERFLOW_LABEL = '__other__';

/** Longer values are cut: a label is for grouping, not for carrying a payload. */
const MAX_LABEL_LENGTH = 100;

export type BoundedLabel = (value: string) => string;

export function createBoundedLabel(max: number): BoundedLabel {
  const seen = new Set<string>();
  return (value) => {
    const label = value.length > MAX_LABEL_LENGTH ? value.slice(0, MAX_LABEL_LENGTH) : value;
    if (seen.has(label)) {
      return label;
    }
    if (seen.size >= max) {
      return OVERFLOW_LABEL;
    }
    seen.add(label);
    return label;
  };
}
