import type { Message } from '@ycyw/protocol';

/**
 * Adds `incoming` to `existing`, keeping each message id once and the whole in ascending id order (the
 * server's order). The same message can come from a history page, a catch-up page, the `message:new` echo
 * and the send acknowledgement; whichever arrives first wins. Returns `existing` itself when nothing is
 * new, so a signal holding it does not notify for nothing.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  const known = new Set(existing.map((message) => message.id));
  const fresh = incoming.filter((message) => {
    if (known.has(message.id)) return false;
    known.add(message.id);
    return true;
  });
  if (fresh.length === 0) return existing;
  const last = existing.at(-1)?.id ?? 0;
  // The common cases (a new message, a catch-up page) only append: no need to sort.
  if (fresh.every((message, i) => message.id > (i === 0 ? last : fresh[i - 1]!.id))) return [...existing, ...fresh];
  return [...existing, ...fresh].sort((a, b) => a.id - b.id);
}
