import { agents, newCustomer, uniqueTag } from './fixtures/accounts';
import {
  agentLanding,
  expectExactHistory,
  logIn,
  messagesWith,
  openRequest,
  registerCustomer,
  sendMessage,
  take,
} from './fixtures/journey-steps';
import { expect, test } from './fixtures/parties';

test('every tab of the customer receives messages live, and a reload keeps the whole history in order, each once', async ({ openParty }) => {
  const customer = await openParty();
  const agent = await openParty();
  const subject = uniqueTag('Invoice charged twice');
  const history = [
    uniqueTag('I was charged twice for my rental.'),
    uniqueTag('Let me check your invoice.'),
    uniqueTag('I see the double charge; it is refunded.'),
    uniqueTag('Great, seen it in both tabs.'),
  ] as const;

  // The agent is at the desk first (so no "no agent online" notice joins the history checked below).
  await logIn(agent.page, agents.alice, agentLanding);
  await registerCustomer(customer.page, newCustomer('Tomas'));
  const conversation = await openRequest(customer.page, subject, 'Billing');
  await sendMessage(customer.page, history[0]);

  // A second tab of the same browser: same session, another device for the server.
  const secondTab = await customer.context.newPage();
  await secondTab.goto(conversation);
  await expect(messagesWith(secondTab, history[0])).toHaveCount(1);

  await take(agent.page, subject);

  await sendMessage(agent.page, history[1]);
  await sendMessage(agent.page, history[2]);
  for (const tab of [customer.page, secondTab]) {
    await expect(messagesWith(tab, history[1])).toHaveCount(1);
    await expect(messagesWith(tab, history[2])).toHaveCount(1);
  }

  // Written in the second tab: the first tab gets it too, as do the agent's.
  await sendMessage(secondTab, history[3]);
  await expect(messagesWith(customer.page, history[3])).toHaveCount(1);
  await expect(messagesWith(agent.page, history[3])).toHaveCount(1);

  for (const tab of [customer.page, secondTab]) await expectExactHistory(tab, history);

  await customer.page.reload();
  await expectExactHistory(customer.page, history);
  await agent.page.reload();
  await expectExactHistory(agent.page, history);
});
