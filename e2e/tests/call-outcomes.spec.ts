import { agents, newCustomer, uniqueTag } from './fixtures/accounts';
import {
  acceptCall,
  button,
  callEntries,
  customerWithAgent,
  expect,
  expectFramesFlowing,
  incomingCall,
  remoteVideo,
  startCall,
  test,
} from './fixtures/call-steps';
import { openRequest, registerCustomer, take } from './fixtures/journey-steps';

test('the agent declines: the caller is told, the call stops, and both timelines say it was declined', async ({ openParty }) => {
  const { customer, agent, agentName } = await customerWithAgent(openParty, { firstName: 'Dora' });
  await startCall(customer.page, 'video');
  await expect(incomingCall(agent.page)).toBeVisible({ timeout: 15_000 });

  await button(agent.page, 'Decline call').click();
  await expect(incomingCall(agent.page)).toBeHidden();
  await expect(customer.page.getByRole('status').filter({ hasText: `${agentName} declined the call.` })).toBeVisible({ timeout: 10_000 });
  await expect(button(customer.page, 'Hang up')).toBeHidden();
  for (const page of [customer.page, agent.page]) await expect(callEntries(page, 'Declined video call')).toHaveCount(1);
});

test('nobody answers: the ring stops after the ring timeout and both timelines show a missed call', async ({ openParty }) => {
  const { customer, agent } = await customerWithAgent(openParty, { firstName: 'Mia' });
  await startCall(customer.page, 'audio');
  await expect(incomingCall(agent.page)).toContainText('audio call', { timeout: 15_000 });

  // The e2e server rings for 20 s (CALL_RING_TIMEOUT_MS in playwright.config.ts).
  await expect(incomingCall(agent.page)).toBeHidden({ timeout: 30_000 });
  await expect(customer.page.getByRole('status').filter({ hasText: 'No answer.' })).toBeVisible();
  await expect(button(customer.page, 'Hang up')).toBeHidden();
  for (const page of [customer.page, agent.page]) await expect(callEntries(page, 'Missed audio call')).toHaveCount(1);
});

test('an agent already in a call is busy for a second customer, whose call ends at once; the first call goes on', async ({ openParty }) => {
  const { customer, agent, customerName, agentName } = await customerWithAgent(openParty, { firstName: 'Ben', agent: agents.bruno });
  await startCall(customer.page, 'video');
  await acceptCall(agent.page);
  await expectFramesFlowing(remoteVideo(agent.page, customerName));

  // While in that call, the agent takes a second customer's request (the call stays up across pages).
  const second = await openParty();
  const subject = uniqueTag('Second request');
  await registerCustomer(second.page, newCustomer('Zoe'));
  await openRequest(second.page, subject, 'Billing');
  await agent.page.getByRole('link', { name: 'Queue', exact: true }).click();
  await take(agent.page, subject);
  await expect(second.page.getByText(agentName).first()).toBeVisible();

  await button(second.page, 'Start video call').click();
  await expect(second.page.getByRole('status').filter({ hasText: `${agentName} is busy in another call.` })).toBeVisible({ timeout: 15_000 });
  await expect(button(second.page, 'Hang up')).toBeHidden();
  await expect(incomingCall(agent.page)).toBeHidden();
  await expect(callEntries(second.page, 'Missed video call')).toHaveCount(1);

  await expectFramesFlowing(remoteVideo(agent.page, customerName));
  await expect(button(customer.page, 'Hang up')).toBeVisible();
});
