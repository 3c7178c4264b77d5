// Inbox+ through the reference graphql-transport-ws client, `graphql-ws` (on the `ws` package).
// Usage: node inbox.mjs <ws://host:port/graphql> <token> [after]
// Prints JSON lines: {"event":"connected"} once the server acknowledged the sign-in (the
// subscription is sent right after it; with `after`, the server also sends what was made
// between `after` and the moment it set the subscription up, so nothing is missed),
// {"event":"next","inbox":{...}} per notification, {"event":"closed","code":...} when the
// socket closes, {"event":"error",...} on a failure. Ends when stdin closes.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const INBOX = `subscription($after: ID) {
  inbox(after: $after) { id kind title account { id name } createdAt }
}`;

const [url, token, after] = process.argv.slice(2);
if (!url || !token) {
  console.error("usage: node inbox.mjs <ws url> <token> [after]");
  process.exit(2);
}
const print = (line) => console.log(JSON.stringify(line));

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
  on: {
    connected: () => print({ event: "connected" }),
    closed: (event) => print({ event: "closed", code: event.code, reason: event.reason }),
  },
});

client.subscribe(
  { query: INBOX, variables: after ? { after } : {} },
  {
    next: (result) =>
      print(result.errors ? { event: "error", errors: result.errors } : { event: "next", ...result.data }),
    error: (error) => {
      // A close event is reported by `closed` above; anything else is printed here.
      if (!(error && typeof error.code === "number")) print({ event: "error", message: String(error) });
      process.exitCode = 1;
      client.dispose();
      process.stdin.destroy(); // nothing left to wait for
    },
    complete: () => client.dispose(),
  },
);

// The test ends the client by closing stdin.
process.stdin.on("end", () => client.dispose());
process.stdin.resume();
