// A stand-in for Heroku's router in front of several web dynos: one public port (the app's PUBLIC_URL), each request
// handed to the next backend in turn (round robin), Host and body passed through unchanged. It records which backend
// answered each request, so a test can show that a flow really crossed processes.
//
//   const router = await startRouter(port, [portA, portB]);   // PUBLIC_URL = router.url
//   ... router.served ...                                      // [{ method, path, backend: 0 | 1 }, ...]
//   await router.close();
import http from 'node:http';

export interface Router {
  readonly url: string;
  /** Every request forwarded, in order: method, path and query, index of the backend that got it. */
  readonly served: Array<{ method: string; path: string; backend: number }>;
  close(): Promise<void>;
}

export async function startRouter(port: number, backendPorts: readonly number[]): Promise<Router> {
  const served: Router['served'] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const backend = next++ % backendPorts.length;
    served.push({ method: req.method ?? 'GET', path: req.url ?? '/', backend });
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: backendPorts[backend],
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
