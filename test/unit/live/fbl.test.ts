/**
 * ARF complaint copies (RFC 5965): the report's parts and fields, and delivery over SMTP to a
 * capturing server on loopback; bad targets are one-line errors.
 */
import { describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { arfMessage, fblSender, parseFblTarget } from '../../../src/live/fbl.ts';
import type { LiveComplaint } from '../../../src/live/model.ts';

const complaint: LiveComplaint = {
  provider: 0,
  ip: 0,
  sendDomain: 0,
  recipient: 7,
  address: 'bob@hotmail.com',
  segment: 0,
  trap: false,
  junk: false,
  modelTime: 3600,
  ipAddress: '192.0.2.10',
  domainName: 'news.example.com',
  date: 'Mon, 05 Jan 2026 01:00:00 +0000',
};

describe('feedback-loop copies', () => {
  it('is a multipart/report feedback-report with the RFC 5965 fields', () => {
    const m = arfMessage(complaint, { to: 'fbl@example.test', id: 3 });
    expect(m).toContain('Content-Type: multipart/report; report-type=feedback-report; boundary="arf-3"');
    for (const f of [
      'Feedback-Type: abuse',
      'Version: 1',
      'Source-IP: 192.0.2.10',
      'Original-Rcpt-To: <bob@hotmail.com>',
      'Reported-Domain: news.example.com',
      'Arrival-Date: Mon, 05 Jan 2026 01:00:00 +0000',
    ]) {
      expect(m).toContain(`\r\n${f}\r\n`);
    }
    expect(m.match(/\r\n--arf-3\r\nContent-Type: (text\/plain|message\/feedback-report|text\/rfc822-headers)/g)?.length).toBe(3);
    expect(m.endsWith('--arf-3--\r\n')).toBe(true);
  });

  it('delivers copies over SMTP to the given address', async () => {
    const got: { to: string; body: string }[] = [];
    const sink = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      onData(stream, session, cb) {
        let body = '';
        stream.on('data', (d: Buffer) => (body += d.toString()));
        stream.on('end', () => {
          got.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
          cb();
        });
      },
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
    const port = (sink.server.address() as { port: number }).port;
    const f = fblSender(parseFblTarget(`abuse@example.test@127.0.0.1:${port}`, false));
    f.send(complaint);
    f.send({ ...complaint, address: 'carol@outlook.com' });
    await f.close();
    await new Promise<void>((r) => sink.close(() => r()));
    expect(f.stats).toEqual({ sent: 2, failed: 0, dropped: 0 });
    expect(got.map((g) => g.to)).toEqual(['abuse@example.test', 'abuse@example.test']);
    expect(got[1]!.body).toContain('Original-Rcpt-To: <carol@outlook.com>');
  });

  it('targets: addr@host:port, loopback unless allowed', () => {
    expect(parseFblTarget('fbl@127.0.0.1:2526', false)).toEqual({ address: 'fbl@127.0.0.1', host: '127.0.0.1', port: 2526 });
    expect(() => parseFblTarget('fbl@192.0.2.1:25', false)).toThrow(/not loopback/);
    expect(() => parseFblTarget('nonsense', false)).toThrow(/is not addr@host:port/);
  });
});
