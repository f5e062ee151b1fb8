// Pushes exposition text to a Prometheus Pushgateway: PUT /metrics/job/<job>{/<label>/<value>} replaces the group's
// metrics (pushgateway README "API"). Path segments are URL-escaped; a value with a slash or an empty value uses the
// gateway's base64 form (`<label>@base64/<value>`). One attempt under a total deadline, as core/rest bounds its
// requests; a failure names the URL and what to check.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export const PUSH_TIMEOUT_MS = 10_000;

export class PushError extends Error {
  override name = 'PushError';
}

function segment(name: string, value: string): string {
  if (value === '' || value.includes('/')) {
    return `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url') || '='}`;
  }
  return `${name}/${encodeURIComponent(value)}`;
}

export function pushGatewayUrl(base: string, job: string, labels: [string, string][]): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new PushError(`'${base}' is not a URL; pass the Pushgateway as http://HOST:9091`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PushError(`'${base}' must be an http(s) URL`);
  const path = [segment('job', job), ...labels.map(([k, v]) => segment(k, v))].join('/');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/metrics/${path}`;
  return url;
}

export function pushMetrics(url: URL, body: string, timeoutMs = PUSH_TIMEOUT_MS): Promise<void> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new PushError(`${url.href} sent no answer within ${timeoutMs / 1000} s; check that the Pushgateway runs`));
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new PushError(`${url.href} answered HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 500).trim()}`));
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new PushError(`cannot reach the Pushgateway at ${url.href} (${(error as NodeJS.ErrnoException).code ?? error.message}); check the URL and that it runs`));
    });
    req.end(body);
  });
}
