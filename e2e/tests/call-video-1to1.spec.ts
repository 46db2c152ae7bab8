import {
  acceptCall,
  button,
  callEntries,
  customerWithAgent,
  expect,
  expectFramesFlowing,
  hangUp,
  qualityValue,
  remoteVideo,
  startCall,
  test,
} from './fixtures/call-steps';

test('a customer video-calls the agent: both see each other, mute and camera toggle, hang up ends it for both and it shows in Messages', async ({
  openParty,
}) => {
  const { customer, agent, customerName, agentName } = await customerWithAgent(openParty, { firstName: 'Vera' });

  await startCall(customer.page, 'video');
  await expect(agent.page.getByRole('alertdialog')).toContainText(customerName);
  await expect(agent.page.getByRole('alertdialog')).toContainText('video call');
  await acceptCall(agent.page);

  // Each side decodes the other's camera, and sees itself.
  await expectFramesFlowing(remoteVideo(customer.page, agentName));
  await expectFramesFlowing(remoteVideo(agent.page, customerName));
  await expectFramesFlowing(customer.page.getByLabel('Your video', { exact: true }));

  // The quality panel reads the live connection: a host path on one machine, and a codec.
  await expect(qualityValue(customer.page, 'Path')).toContainText('host');
  await expect(qualityValue(agent.page, 'Codec')).not.toHaveText('—');

  // Mute and camera off are toggles whose names say what the next press does.
  await button(customer.page, 'Mute microphone').click();
  await expect(button(customer.page, 'Unmute microphone')).toBeVisible();
  await button(customer.page, 'Unmute microphone').click();
  await expect(button(customer.page, 'Mute microphone')).toBeVisible();
  await button(agent.page, 'Turn camera off').click();
  await expect(button(agent.page, 'Turn camera on')).toBeVisible();
  // Off means released (the camera's light goes off): the agent's own picture no longer has a camera track.
  const ownVideo = agent.page.getByLabel('Your video', { exact: true });
  const liveCameraTracks = () =>
    ownVideo.evaluate((video: HTMLVideoElement) =>
      ((video.srcObject as MediaStream | null)?.getVideoTracks() ?? []).filter((t) => t.readyState === 'live').length,
    );
  await expect.poll(liveCameraTracks).toBe(0);
  await button(agent.page, 'Turn camera on').click();
  await expect(button(agent.page, 'Turn camera off')).toBeVisible();
  // Captured again and sent on the same connection (replaceTrack): the customer sees the agent again.
  await expect.poll(liveCameraTracks).toBe(1);
  await expectFramesFlowing(remoteVideo(customer.page, agentName));

  await hangUp(agent.page, [agent.page, customer.page]);
  for (const page of [customer.page, agent.page]) {
    await expect(callEntries(page, /video call/i)).toHaveCount(1);
    await expect(button(page, 'Start video call')).toBeVisible();
  }
});
