import {
  acceptCall,
  button,
  customerWithAgent,
  expect,
  expectFramesFlowing,
  remoteVideo,
  test,
} from './fixtures/call-steps';

test('a customer whose camera is blocked is told so, goes on with audio only, and still sees the agent', async ({ openParty }) => {
  const { customer, agent, agentName, customerName } = await customerWithAgent(openParty, { firstName: 'Nina' });
  // As when the person refused the camera in the browser's prompt: any capture with video is refused.
  await customer.page.evaluate(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) =>
      constraints?.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : original(constraints);
  });

  await button(customer.page, 'Start video call').click();
  const alert = customer.page.getByRole('alert').filter({ hasText: 'not allowed to use your camera or microphone' });
  await expect(alert).toBeVisible({ timeout: 15_000 });
  // Nobody was rung while the person decides.
  await expect(agent.page.getByRole('alertdialog')).toHaveCount(0);

  await button(customer.page, 'Continue with audio only').click();
  await expect(alert).toBeHidden();
  await expect(button(customer.page, 'Hang up')).toBeVisible({ timeout: 15_000 });
  await acceptCall(agent.page);

  await expectFramesFlowing(remoteVideo(customer.page, agentName));
  await expect(button(customer.page, 'Turn camera off')).toHaveCount(0);
  await expect
    .poll(() => remoteVideo(agent.page, customerName).evaluate((media: HTMLMediaElement) => (media.srcObject as MediaStream | null)?.getTracks().map((t) => t.kind) ?? []), {
      timeout: 20_000,
    })
    .toEqual(['audio']);
});
