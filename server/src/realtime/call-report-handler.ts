import type { CallReportService } from '../domain/calls/call-report-service.js';
import type { ClientEvents } from './event-handler.js';

/** call:report: how this device's media connection went. */
export function callReportHandler(events: ClientEvents, deps: { callReports: CallReportService }): void {
  events.on('call:report', async (socket, payload) => {
    await deps.callReports.report(socket.data.user, socket.data.deviceId, payload);
    return {};
  });
}
