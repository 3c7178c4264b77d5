// The graphql-http server audits (GraphQL-over-HTTP spec) against a running server.
// Usage: node audit.mjs http://127.0.0.1:8000/graphql
// Prints one JSON line per audit: {id, name, status, reason?, responseStatus?, responseBody?}.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs <graphql url>");
  process.exit(2);
}

// A request sent on a kept-alive connection the server closed at that moment fails with
// ECONNRESET before the server saw it; like a browser, send it once more on a new connection.
const RESET = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);
async function fetchOnce(input, init) {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (!RESET.has(error?.cause?.code)) throw error;
    console.error(`retrying after ${error.cause.code}: ${init?.method ?? "GET"} ${input}`);
    return await fetch(input, init);
  }
}

for (const audit of serverAudits({ url, fetchFn: fetchOnce })) {
  const result = await audit.fn();
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") {
    line.reason = result.reason;
    line.responseStatus = result.response.status;
    line.responseType = result.response.headers.get("content-type");
    line.responseBody = (await result.response.text()).slice(0, 500);
  }
  console.log(JSON.stringify(line));
}
