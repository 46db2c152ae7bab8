import { agents } from './fixtures/accounts';
import { acceptCall, button, callEntries, customerWithAgent, expect, hangUp, remoteVideo, startCall, test } from './fixtures/call-steps';

test('an audio call: each side plays the other’s microphone in their media element, with no camera, and the timeline keeps its length', async ({
  openParty,
}) => {
  const { customer, agent, customerName, agentName } = await customerWithAgent(openParty, { firstName: 'Olive', agent: agents.bruno });
  await startCall(customer.page, 'audio');
  await acceptCall(agent.page);

  for (const [page, other] of [
    [customer.page, agentName],
    [agent.page, customerName],
  ] as const) {
    const element = remoteVideo(page, other);
    // Audio only: the element holds one live audio track and its clock runs as the sound plays.
    await expect
      .poll(() => element.evaluate((media: HTMLMediaElement) => (media.srcObject as MediaStream | null)?.getTracks().map((t) => t.kind) ?? []), {
        timeout: 20_000,
      })
      .toEqual(['audio']);
    const start = await element.evaluate((media: HTMLMediaElement) => media.currentTime);
    await expect.poll(() => element.evaluate((media: HTMLMediaElement) => media.currentTime), { timeout: 20_000 }).toBeGreaterThan(start + 0.5);
    await expect(element).toHaveJSProperty('paused', false);
    await expect(element).toHaveJSProperty('muted', false);
    await expect(button(page, 'Turn camera off')).toHaveCount(0);
    await expect(button(page, 'Mute microphone')).toBeVisible();
  }

  await hangUp(customer.page, [customer.page, agent.page]);
  for (const page of [customer.page, agent.page]) await expect(callEntries(page, /Audio call, \d+ s/)).toHaveCount(1);
});
