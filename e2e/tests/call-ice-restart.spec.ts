import {
  acceptCall,
  customerWithAgent,
  expect,
  expectFramesFlowing,
  remoteVideo,
  startCall,
  test,
} from './fixtures/call-steps';
import { breakBrowserUdp, canBreakUdp } from './fixtures/udp-break';

test('when the media path breaks for good, ICE restarts on new candidates and the call recovers with frames flowing', async ({
  openParty,
}) => {
  // Fail, never skip: a machine that cannot run this would otherwise look green (.ci/run installs the tools).
  if (!canBreakUdp()) throw new Error('breaking the network needs root, iptables and ss: apt-get install -y iptables iproute2');
  test.setTimeout(120_000);
  const { customer, agent, customerName, agentName } = await customerWithAgent(openParty, { firstName: 'Irma' });
  await startCall(customer.page, 'video');
  await acceptCall(agent.page);
  await expectFramesFlowing(remoteVideo(customer.page, agentName));
  await expectFramesFlowing(remoteVideo(agent.page, customerName));

  // Every UDP port the browsers use now is dropped until the end of the test: the current candidate
  // pairs are dead for good, and only new candidates (an ICE restart) can carry media again.
  const cut = breakBrowserUdp();
  try {
    // Both sides notice (ICE disconnected) and say so on the tile.
    for (const page of [customer.page, agent.page]) {
      await expect(page.getByText('Connection lost, reconnecting…')).toBeVisible({ timeout: 20_000 });
    }
    // Then they are back, still behind the same broken ports: over the restarted ICE session.
    for (const page of [customer.page, agent.page]) {
      await expect(page.getByText('Connection lost, reconnecting…')).toBeHidden({ timeout: 30_000 });
    }
    await expectFramesFlowing(remoteVideo(customer.page, agentName));
    await expectFramesFlowing(remoteVideo(agent.page, customerName));
  } finally {
    cut.restore();
  }
});
