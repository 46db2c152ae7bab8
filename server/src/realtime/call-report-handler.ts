import type { CallReportService } from '../domain/calls/call-report-service.js';
import type { Logger } from '../logger.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** call:report: how this device's media connection went. */
export function registerCallReportHandler(
  socket: IoSocket,
  deps: { callReports: CallReportService; logger: Logger; guard: EventGuard },
): void {
  onEvent(socket, deps, 'call:report', async (payload) => {
    await deps.callReports.report(socket.data.user, socket.data.deviceId, payload);
    return {};
  });
}
