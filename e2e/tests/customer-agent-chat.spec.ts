import { agents, newCustomer, uniqueTag } from './fixtures/accounts';
import {
  agentLanding,
  expectExactHistory,
  logIn,
  messagesWith,
  openRequest,
  queueRow,
  registerCustomer,
  sendMessage,
  take,
} from './fixtures/journey-steps';
import { expect, test } from './fixtures/parties';

test('a new customer opens a request, an agent takes it, and each sees the other’s messages at once', async ({ openParty }) => {
  const customer = await openParty();
  const agent = await openParty();
  const subject = uniqueTag('Change my pick-up date');
  const question = uniqueTag('Can I pick the car up a day later?');
  const answer = uniqueTag('Yes, I have moved your booking.');
  const thanks = uniqueTag('Thank you!');
  const welcome = uniqueTag('You are welcome.');

  // The agent is at the desk first (so no "no agent online" notice joins the history checked below).
  await logIn(agent.page, agents.alice, agentLanding);
  await registerCustomer(customer.page, newCustomer('Carla'));
  await openRequest(customer.page, subject, 'Reservation');
  await sendMessage(customer.page, question);
  await expect(messagesWith(customer.page, question)).toHaveCount(1);

  await expect(queueRow(agent.page, subject)).toHaveCount(1);
  await take(agent.page, subject);
  await expect(messagesWith(agent.page, question)).toHaveCount(1);

  // Each message is on the sender's screen and then on the other's, with no reload in between.
  await sendMessage(agent.page, answer);
  await expect(messagesWith(customer.page, answer)).toHaveCount(1);
  await sendMessage(customer.page, thanks);
  await expect(messagesWith(agent.page, thanks)).toHaveCount(1);
  await sendMessage(agent.page, welcome);
  await expect(messagesWith(customer.page, welcome)).toHaveCount(1);

  for (const party of [customer, agent]) await expectExactHistory(party.page, [question, answer, thanks, welcome]);
});
