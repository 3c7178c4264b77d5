// GraphiQL for the CRM API: Strawberry's GraphiQL page, with its inline script moved here so
// that the page's Content-Security-Policy allows no inline script, and the headers typed in
// the Headers tab sent as the WebSocket's connection_init payload too (subscriptions sign in
// like queries).
"use strict";

const EXAMPLE_QUERY = `# The CRM API. Put your token in the Headers tab below:
#   {"Authorization": "Bearer <token>"}
# then run a query (Ctrl-Enter), for example:
#
#   { viewer { firm { name } staff { email } } }
#
`;

const parameters = {};
for (const entry of window.location.search.slice(1).split("&")) {
  const eq = entry.indexOf("=");
  if (eq >= 0) {
    parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(entry.slice(eq + 1));
  }
}

function updateURL(data) {
  Object.assign(parameters, data);
  const search = Object.keys(parameters)
    .filter((key) => Boolean(parameters[key]))
    .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]))
    .join("&");
  history.replaceState(null, null, "?" + search);
}

const fetchURL = window.location.href.split("?")[0];

function webSocketURL(url) {
  const parsed = new URL(url);
  parsed.protocol = parsed.protocol === "http:" ? "ws:" : "wss:";
  parsed.hash = "";
  return parsed.toString();
}

// GraphiQL keeps the Headers tab in localStorage (shouldPersistHeaders below).
function typedHeaders() {
  try {
    return JSON.parse(localStorage.getItem("graphiql:headers") || "{}");
  } catch (error) {
    return {};
  }
}

const fetcher = GraphiQL.createFetcher({
  url: fetchURL,
  subscriptionUrl: webSocketURL(fetchURL),
  wsConnectionParams: typedHeaders,
});

function CrmGraphiQL() {
  const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
  const [variables, setVariables] = React.useState(parameters.variables);
  const [headers, setHeaders] = React.useState(parameters.headers);
  return React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    query: query,
    variables: variables,
    headers: headers,
    onEditQuery: (value) => { setQuery(value); updateURL({ q: value }); },
    onEditVariables: (value) => { setVariables(value); updateURL({ variables: value }); },
    onEditHeaders: setHeaders,
    inputValueDeprecation: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
  });
}

ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(CrmGraphiQL),
);
