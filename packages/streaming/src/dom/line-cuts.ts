/*
 * Where GrowingText may cut its text into blocks without changing how the page looks: the start of the last line
 * the browser laid out, never inside what shows as one character, and only in elements that break lines greedily.
 */

/** True when the element lays its text out in lines of a block of its own, broken greedily. */
export function cutsCannotShow(element: HTMLElement): boolean {
  const view = element.ownerDocument.defaultView;
  // No layout to measure the lines by (jsdom, other DOMs for tests): the text then simply grows in one node.
  if (typeof view?.Range.prototype.getClientRects !== 'function') return false;
  const style = view.getComputedStyle(element);
  const display = style.getPropertyValue('display');
  const wrapStyle = style.getPropertyValue('text-wrap-style') || style.getPropertyValue('text-wrap');
  const justified = style.getPropertyValue('text-align') === 'justify';
  return (
    ['block', 'flow-root', 'list-item', 'inline-block', 'table-cell'].includes(display) &&
    !/balance|pretty/.test(wrapStyle) &&
    // A justified paragraph's last line is not stretched: a cut would make the cut-off line look like a last one.
    !justified
  );
}

/**
 * True when a cut at `offset` could split what shows as one character: a surrogate pair, or a cluster joined by a
 * zero-width joiner, variation selector or combining mark. A line never starts there; if the search says so, a box
 * was misread, and not cutting this time is the safe answer (the next append tries again).
 */
export function insideCharacter(text: string, offset: number): boolean {
  const pointAt = (at: number): string => String.fromCodePoint(text.codePointAt(at) ?? 0);
  const unit = text.charCodeAt(offset);
  const isLowSurrogate = unit >= 0xdc00 && unit <= 0xdfff;
  const joins = unit === 0x200d || unit === 0xfe0e || unit === 0xfe0f || text.charCodeAt(offset - 1) === 0x200d;
  const isMark = /\p{M}/u.test(pointAt(offset));
  const isFlagHalf = (at: number): boolean => /\p{Regional_Indicator}/u.test(pointAt(at));
  return isLowSurrogate || joins || isMark || (isFlagHalf(offset) && isFlagHalf(offset - 2));
}

/**
 * Offset of the first character of the text node's last line, found by binary search over the characters'
 * boxes: O(log length) layout queries, on a layout that the previous frame left clean. 0 when there is one line.
 */
export function lastLineStart(node: Text): number {
  const range = node.ownerDocument.createRange();
  range.selectNodeContents(node);
  const lines = range.getClientRects();
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined) return 0;
  // Half a line up: sub-pixel differences between a character's box and its line's box do not matter.
  const lastLineTop = last.top - last.height / 2;
  // One line, perhaps in several boxes (a box per font, e.g. for emoji or CJK): nothing to cut, no search.
  if (first.top >= lastLineTop) return 0;
  // Characters without a box (collapsed spaces, the inside of a surrogate pair) take the top of the next one that
  // has a box, which keeps the search's test monotonic: a collapsed space at a wrap counts as the next line's.
  const topOf = (offset: number): number => {
    for (let at = offset; at < node.length; at++) {
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const box = range.getClientRects()[0];
      if (box !== undefined) return box.top;
    }
    return Number.POSITIVE_INFINITY;
  };
  let low = 0;
  let high = node.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (topOf(middle) >= lastLineTop) high = middle;
    else low = middle + 1;
  }
  return low;
}
