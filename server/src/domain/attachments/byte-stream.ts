/**
 * Reads the first `headBytes` bytes of a stream (fewer if it is shorter) without losing them: `content`
 * yields the whole stream again, from its first byte.
 */
export async function peek(
  source: AsyncIterable<Uint8Array>,
  headBytes: number,
): Promise<{ head: Uint8Array; content: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const read: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < headBytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    read.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(read).subarray(0, headBytes);
  async function* content() {
    yield* read;
    if (done) return;
    // The same iterator, so a consumer that stops early (an error) stops the source too.
    yield* { [Symbol.asyncIterator]: () => iterator };
  }
  return { head, content: content() };
}

/** Passes a stream through, failing with `tooLarge()` as soon as more than `maxBytes` went by. */
export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => Error,
): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge();
    yield chunk;
  }
}
