import { agents, newCustomer, uniqueTag } from './fixtures/accounts';
import { agentLanding, logIn, openRequest, queueRow, registerCustomer, take } from './fixtures/journey-steps';
import { expect, test } from './fixtures/parties';

test('"Waiting customers" shows a new request live to every agent and drops it for the others once taken', async ({ openParty }) => {
  const alice = await openParty();
  const bruno = await openParty();
  const customer = await openParty();
  const subject = uniqueTag('Cannot log in to my account');

  await logIn(alice.page, agents.alice, agentLanding);
  await logIn(bruno.page, agents.bruno, agentLanding);
  // Both lists are on screen before the request exists, so seeing it later proves a live update.
  for (const agent of [alice, bruno]) {
    await expect(agent.page.getByRole('list', { name: 'Waiting customers', exact: true })).toBeAttached();
    await expect(queueRow(agent.page, subject)).toHaveCount(0);
  }

  await registerCustomer(customer.page, newCustomer('Ines'));
  await openRequest(customer.page, subject, 'Account');

  // No reload: the agents' lists follow the queue as it changes.
  await expect(queueRow(alice.page, subject)).toHaveCount(1);
  await expect(queueRow(bruno.page, subject)).toHaveCount(1);

  await take(alice.page, subject);
  await expect(queueRow(bruno.page, subject)).toHaveCount(0);
});

test('"Log out" ends the session and returns to the login page', async ({ openParty }) => {
  const agent = await openParty();
  await logIn(agent.page, agents.bruno, agentLanding);

  await agent.page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(agent.page).toHaveURL(/\/login$/);
  await expect(agent.page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();

  // The session is gone, not just the page: the queue sends back to the login page.
  await agent.page.goto('/queue');
  await expect(agent.page).toHaveURL(/\/login$/);
});
