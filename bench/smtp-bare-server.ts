/** Child process of bench/smtp-live.ts: smtp-server 3.21.6 alone (no model), draining each message; the library's own ceiling. */
import { SMTPServer } from 'smtp-server';

const s = new SMTPServer({
  logger: false,
  disableReverseLookup: true,
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  hideENHANCEDSTATUSCODES: false,
  onData(stream, _session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => cb());
  },
});
s.listen(0, '127.0.0.1', () => process.stdout.write(`${(s.server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => process.exit(0));
