import { agents, newCustomer, uniqueTag } from './fixtures/accounts';
import {
  agentLanding,
  expectExactHistory,
  logIn,
  messages,
  messagesWith,
  openRequest,
  reconnectingBanner,
  registerCustomer,
  sendMessage,
  take,
} from './fixtures/journey-steps';
import { expect, test } from './fixtures/parties';

test('a customer who loses the network gets every missed message back and their own is delivered once', async ({ openParty }) => {
  const customer = await openParty();
  const agent = await openParty();
  const subject = uniqueTag('Warning light on the dashboard');
  const opening = uniqueTag('An orange light came on.');
  const missed = [
    uniqueTag('Which light is it?'),
    uniqueTag('Is it the engine symbol?'),
    uniqueTag('You can keep driving carefully.'),
  ] as const;
  const writtenOffline = uniqueTag('Sorry, my connection dropped.');

  // The agent is at the desk first (so no "no agent online" notice joins the history counted below).
  await logIn(agent.page, agents.bruno, agentLanding);
  await registerCustomer(customer.page, newCustomer('Olga'));
  await openRequest(customer.page, subject, 'Vehicle');
  await sendMessage(customer.page, opening);
  await take(agent.page, subject);
  await expect(messagesWith(agent.page, opening)).toHaveCount(1);

  await customer.context.setOffline(true);
  await expect(reconnectingBanner(customer.page)).toBeVisible();

  for (const body of missed) {
    await sendMessage(agent.page, body);
    await expect(messagesWith(agent.page, body)).toHaveCount(1);
  }

  // Written while offline: shown at once as pending (busy), and not delivered yet.
  await sendMessage(customer.page, writtenOffline);
  const pending = messagesWith(customer.page, writtenOffline);
  await expect(pending).toHaveCount(1);
  await expect(pending).toHaveAttribute('aria-busy', 'true');
  await expect(messagesWith(agent.page, writtenOffline)).toHaveCount(0);

  await customer.context.setOffline(false);
  await expect(reconnectingBanner(customer.page)).toBeHidden({ timeout: 15_000 });

  // The socket's reconnection back-off may take a few seconds after the network returns.
  for (const body of missed) await expect(messagesWith(customer.page, body)).toHaveCount(1, { timeout: 15_000 });
  await expect(messagesWith(agent.page, writtenOffline)).toHaveCount(1, { timeout: 15_000 });
  await expect(messagesWith(customer.page, writtenOffline)).not.toHaveAttribute('aria-busy', 'true');

  const history = [opening, ...missed, writtenOffline];
  for (const party of [customer, agent]) {
    await expect(messages(party.page)).toHaveCount(history.length);
    await expectExactHistory(party.page, history);
  }
});
