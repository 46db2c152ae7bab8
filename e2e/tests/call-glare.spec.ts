import {
  acceptCall,
  button,
  customerWithAgent,
  expectFramesFlowing,
  remoteScreen,
  remoteVideo,
  startCall,
  expect,
  test,
} from './fixtures/call-steps';

test('both sides renegotiate at the same instant (both share their screen, then both stop): the call stays up with media flowing', async ({
  openParty,
}) => {
  test.setTimeout(120_000);
  const { customer, agent, customerName, agentName } = await customerWithAgent(openParty, { firstName: 'Gloria' });
  await startCall(customer.page, 'video');
  await acceptCall(agent.page);
  await expectFramesFlowing(remoteVideo(customer.page, agentName));
  await expectFramesFlowing(remoteVideo(agent.page, customerName));

  // Two offers cross on the wire: the impolite side ignores the polite one's, the polite side rolls back.
  await Promise.all([button(customer.page, 'Share screen').click(), button(agent.page, 'Share screen').click()]);
  await expectFramesFlowing(remoteScreen(customer.page, agentName));
  await expectFramesFlowing(remoteScreen(agent.page, customerName));

  await Promise.all([button(customer.page, 'Stop sharing').click(), button(agent.page, 'Stop sharing').click()]);
  await expect(remoteScreen(customer.page, agentName)).toHaveCount(0, { timeout: 10_000 });
  await expect(remoteScreen(agent.page, customerName)).toHaveCount(0, { timeout: 10_000 });

  // And once more, quickly: start and stop on both sides without waiting in between.
  await Promise.all([button(customer.page, 'Share screen').click(), button(agent.page, 'Share screen').click()]);
  await Promise.all([button(customer.page, 'Stop sharing').click(), button(agent.page, 'Stop sharing').click()]);
  await Promise.all([button(customer.page, 'Share screen').click(), button(agent.page, 'Share screen').click()]);
  await expectFramesFlowing(remoteScreen(customer.page, agentName));
  await expectFramesFlowing(remoteScreen(agent.page, customerName));

  for (const [page, other] of [
    [customer.page, agentName],
    [agent.page, customerName],
  ] as const) {
    await expectFramesFlowing(remoteVideo(page, other));
    await expect(button(page, 'Hang up')).toBeVisible();
  }
});
