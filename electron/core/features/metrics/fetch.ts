// One /rrd_updates request through the connection (which adds the session and verifies TLS), its
// reply read whole (bounded) and parsed. A refusal becomes the XAPI error in xapi's error page,
// else SESSION_INVALID for 401, else HTTP_ERROR with the status.
import type { IncomingMessage } from 'node:http';
import { errorFromBody, type XapiHttpRequest } from '../../xapi/http';
import { XapiError } from '../../xapi/errors';
import { parseRrdUpdates, type RrdUpdates } from './rrd-updates';

export interface MetricsConnection {
  openHttp(r: XapiHttpRequest): Promise<IncomingMessage>;
}

/** A year of one host with a few hundred VMs is a few MiB; past this the reply is refused. */
const MAX_BODY = 64 * 1024 * 1024;
const IDLE_TIMEOUT_MS = 20_000;

export async function fetchRrdUpdates(c: MetricsConnection, r: XapiHttpRequest): Promise<RrdUpdates> {
  const res = await c.openHttp({ idleTimeoutMs: IDLE_TIMEOUT_MS, ...r });
  const where = `${r.address ?? 'the coordinator'}`;
  const text = await readBody(res, where);
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    const fromBody = errorFromBody(text);
    if (fromBody) throw fromBody;
    if (status === 401 || status === 403) {
      throw new XapiError('SESSION_INVALID', [], { message: `${where} refused the session for its metrics (HTTP ${status})`, status, fromServer: true });
    }
    throw new XapiError('HTTP_ERROR', [String(status)], { message: `${where} answered GET /rrd_updates with HTTP ${status} ${res.statusMessage ?? ''}`.trim(), status, fromServer: true });
  }
  return parseRrdUpdates(text);
}

async function readBody(res: IncomingMessage, where: string): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  // The request's own idle timeout ends with the reply head; a stalled body must end too.
  res.setTimeout(IDLE_TIMEOUT_MS, () => res.destroy(new Error(`no data for ${IDLE_TIMEOUT_MS / 1000} s`)));
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > MAX_BODY) {
        res.destroy();
        throw new XapiError('INVALID_RESPONSE', [`more than ${MAX_BODY} bytes`], { message: `The metrics from ${where} are larger than ${MAX_BODY / 1024 / 1024} MiB` });
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof XapiError) throw e;
    throw new XapiError('CONNECTION_FAILED', [where, String((e as Error)?.message ?? e)], { message: `Reading the metrics from ${where} failed: ${String((e as Error)?.message ?? e)}` });
  }
  return Buffer.concat(chunks).toString('utf8');
}
