// Real servers on 127.0.0.1 that misbehave the ways tracking servers do in the field: one that accepts and never
// answers, one that answers a byte at a time forever, and one that answers a fixed error status. Each counts the
// requests (connections for the silent one) it saw, so a test can check what was retried.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface MisbehavingServer {
  url: string;
  /** Requests (or, for the silent server, connections) seen so far. */
  readonly hits: number;
  close(): Promise<void>;
}

/** Accepts every connection and never sends a byte. */
export async function startSilentServer(): Promise<MisbehavingServer> {
  const sockets = new Set<Socket>();
  let hits = 0;
  const server = createTcpServer((socket) => {
    hits++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  return listen(server, () => hits, () => {
    for (const socket of sockets) socket.destroy();
  });
}

/** Answers 200 with JSON headers, then one space every `everyMs` forever: each read succeeds, no answer ends. */
export async function startDrippingServer(everyMs = 250): Promise<MisbehavingServer> {
  let hits = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createHttpServer((request, response) => {
    hits++;
    request.resume();
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write(' ');
    const timer = setInterval(() => response.write(' '), everyMs);
    timers.add(timer);
    response.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  });
  return listen(server, () => hits, () => {
    for (const timer of timers) clearInterval(timer);
    server.closeAllConnections();
  });
}

/** Answers every request with `status`, `headers` and an MLflow error body. */
export async function startStatusServer(status: number, headers: Record<string, string> = {}): Promise<MisbehavingServer> {
  let hits = 0;
  const server = createHttpServer((request, response) => {
    hits++;
    request.resume();
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify({ error_code: 'TEMPORARILY_UNAVAILABLE', message: `status ${status} from the test server` }));
  });
  return listen(server, () => hits, () => server.closeAllConnections());
}

/** Answers 200 with a JSON body of `bytes` bytes, declared in Content-Length or streamed without it. */
export async function startLargeBodyServer(bytes: number, declareLength: boolean): Promise<MisbehavingServer> {
  let hits = 0;
  const body = `{"experiments":[],"padding":"${'x'.repeat(Math.max(0, bytes - 34))}"}`;
  const server = createHttpServer((request, response) => {
    hits++;
    request.resume();
    response.writeHead(200, { 'Content-Type': 'application/json', ...(declareLength ? { 'Content-Length': Buffer.byteLength(body) } : {}) });
    response.end(body);
  });
  return listen(server, () => hits, () => server.closeAllConnections());
}

async function listen(server: Server | ReturnType<typeof createTcpServer>, hits: () => number, dropConnections: () => void): Promise<MisbehavingServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return hits();
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropConnections();
        server.close(() => resolve());
      }),
  };
}
