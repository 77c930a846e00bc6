// The server of the micro-benchmarks (forked by them, not run by hand): a bare node:http server on
// 127.0.0.1:0 answering every request with SIZE bytes of JSON-ish text. It sends its port to the
// parent once listening, and to every message { cpu (user + system µs so far), answered }.
import http from 'node:http';

const body = Buffer.alloc(Number(process.env.SIZE ?? 206 * 1024), '{"a":"b"}');
let answered = 0;
http
  .createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      answered++;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      response.end(body);
    });
  })
  .listen(0, '127.0.0.1', function listening() {
    process.send(this.address().port);
  });
process.on('message', () => {
  const { user, system } = process.cpuUsage();
  process.send({ cpu: user + system, answered });
});
