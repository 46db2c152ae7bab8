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

test('a customer shares their screen mid-call: the agent sees it beside the camera, then it goes when sharing stops', async ({ openParty }) => {
  const { customer, agent, customerName } = await customerWithAgent(openParty, { firstName: 'Sami' });
  await startCall(customer.page, 'video');
  await acceptCall(agent.page);
  await expectFramesFlowing(remoteVideo(agent.page, customerName));
  await expect(remoteScreen(agent.page, customerName)).toHaveCount(0);

  await button(customer.page, 'Share screen').click();
  await expect(button(customer.page, 'Stop sharing')).toBeVisible();
  await expectFramesFlowing(remoteScreen(agent.page, customerName));
  await expectFramesFlowing(remoteVideo(agent.page, customerName));

  await button(customer.page, 'Stop sharing').click();
  await expect(button(customer.page, 'Share screen')).toBeVisible();
  await expect(remoteScreen(agent.page, customerName)).toHaveCount(0, { timeout: 10_000 });
  await expectFramesFlowing(remoteVideo(agent.page, customerName));

  // Shared again, then ended by the browser's own "Stop sharing" (which ends the captured track).
  await button(customer.page, 'Share screen').click();
  await expectFramesFlowing(remoteScreen(agent.page, customerName));
  await customer.page.getByLabel('Your screen', { exact: true }).evaluate((video: HTMLVideoElement) => {
    const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
    track.stop();
    // A track stopped by the page fires no `ended`; the browser's own stop does, which is what we play.
    track.dispatchEvent(new Event('ended'));
  });
  await expect(button(customer.page, 'Share screen')).toBeVisible();
  await expect(remoteScreen(agent.page, customerName)).toHaveCount(0, { timeout: 10_000 });
  await expectFramesFlowing(remoteVideo(agent.page, customerName));
});
