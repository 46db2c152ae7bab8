import { agents } from './fixtures/accounts';
import {
  acceptCall,
  button,
  customerWithAgent,
  expect,
  expectFramesFlowing,
  hangUp,
  remoteVideo,
  startCall,
  test,
} from './fixtures/call-steps';
import { agentLanding, inviteAgent, logIn, messagesWith } from './fixtures/journey-steps';

test('a mesh of three: a customer video-calls two agents, each sees the two others; one leaves and the other two go on', async ({
  openParty,
}) => {
  test.setTimeout(150_000);
  const { customer, agent: alice, customerName } = await customerWithAgent(openParty, { firstName: 'Max', agent: agents.alice });
  const conversationUrl = customer.page.url();

  // Alice invites a supervisor, who is online, into the conversation.
  const bruno = await openParty();
  await logIn(bruno.page, agents.bruno, agentLanding);
  await inviteAgent(alice.page, agents.bruno.displayName);
  await expect(messagesWith(customer.page, `${agents.alice.displayName} invited ${agents.bruno.displayName}`)).toHaveCount(1);
  await bruno.page.goto(conversationUrl);

  await startCall(customer.page, 'video');
  await acceptCall(alice.page);
  await acceptCall(bruno.page);

  const everyone = [
    { page: customer.page, others: [agents.alice.displayName, agents.bruno.displayName] },
    { page: alice.page, others: [customerName, agents.bruno.displayName] },
    { page: bruno.page, others: [customerName, agents.alice.displayName] },
  ];
  for (const { page, others } of everyone) {
    for (const name of others) await expectFramesFlowing(remoteVideo(page, name), 30_000);
  }

  // The supervisor leaves: the call goes on between the two others, and their tiles of him go away.
  await button(bruno.page, 'Hang up').click();
  await expect(button(bruno.page, 'Hang up')).toBeHidden({ timeout: 10_000 });
  for (const page of [customer.page, alice.page]) {
    await expect(remoteVideo(page, agents.bruno.displayName)).toHaveCount(0, { timeout: 10_000 });
  }
  await expectFramesFlowing(remoteVideo(customer.page, agents.alice.displayName));
  await expectFramesFlowing(remoteVideo(alice.page, customerName));

  await hangUp(customer.page, [customer.page, alice.page]);
});
