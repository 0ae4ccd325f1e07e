/**
 * A function's source as an expression a page can evaluate to the function itself.
 *
 * tsx, which runs the demo and the bench, keeps function names by wrapping functions in a
 * `__name(fn, "name")` helper of its own, so the source of a function it loaded calls a helper
 * the page does not have: the expression brings one that does nothing.
 */
export function pageSource(fn: (...args: never[]) => unknown): string {
  return `((__name) => (${fn.toString()}))((f) => f)`;
}
