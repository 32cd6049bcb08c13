// What a synchronous call threw, as a value the test then asserts on (undefined when it returned).
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
