import { queueStatusLines } from './queue-status-text';

describe('queueStatusLines', () => {
  const at = (position: number, estimatedWaitSeconds: number | null, agentsOnline = 2) => ({
    conversationId: 'c1',
    position,
    estimatedWaitSeconds,
    agentsOnline,
  });

  it('says the place in line and the estimate in whole minutes, rounded up', () => {
    expect(queueStatusLines(at(3, 240))).toEqual(['You are number 3 in line', 'Estimated wait: about 4 min']);
    expect(queueStatusLines(at(2, 241))).toEqual(['You are number 2 in line', 'Estimated wait: about 5 min']);
  });

  it('never promises "about 0 min"', () => {
    expect(queueStatusLines(at(1, 0))).toEqual(['You are number 1 in line', 'Estimated wait: about 1 min']);
  });

  it('leaves the estimate out when the server has none', () => {
    expect(queueStatusLines(at(1, null))).toEqual(['You are number 1 in line']);
  });

  it('tells the customer when no agent is online that their messages will be answered once one is', () => {
    expect(queueStatusLines(at(1, null, 0))).toEqual([
      'You are number 1 in line',
      'No agent is online right now. Your messages are kept and will be answered as soon as an agent is.',
    ]);
  });
});
