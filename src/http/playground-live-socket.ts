// Live status in the playground. GraphiQL (Yoga's build, `subscriptionsProtocol: 'WS'`) opens a
// graphql-transport-ws connection for a subscription, but it puts the headers editor's content
// only into each operation's `extensions.headers`, never into `connectionParams`, where this
// gateway takes the token (API.md, "Live status"): every subscription would be refused at
// connection_init with 4403.
//
// This page script bridges the two without touching GraphiQL: on a graphql-transport-ws socket it
// holds the client's connection_init, acknowledges it locally so that the client sends its first
// `subscribe`, then sends the real connection_init with that subscribe's `Authorization` header
// in connectionParams, swallows the gateway's own connection_ack, and passes the subscribe on,
// with the headers removed (the token goes once, where the gateway looks for it). Everything after
// that is the socket as it is. A gateway refusal (4403 without a token, 4429 with too many
// connections) reaches GraphiQL as the socket's close, which it shows.
//
// The client opens one connection per burst of subscriptions (lazy, closed with the last), so a
// token edited in the headers editor applies from the next subscription on.
const SCRIPT_BODY = String.raw`
(function () {
  var Native = window.WebSocket;
  if (!Native) return;
  var PROTOCOL = 'graphql-transport-ws';
  function speaksGraphqlWs(protocols) {
    return protocols === PROTOCOL || (Array.isArray(protocols) && protocols.indexOf(PROTOCOL) >= 0);
  }
  function authorizationOf(message) {
    var extensions = message.payload && message.payload.extensions;
    var headers = extensions && extensions.headers;
    if (!headers || typeof headers !== 'object') return undefined;
    for (var name in headers) {
      if (name.toLowerCase() === 'authorization' && typeof headers[name] === 'string') return headers[name];
    }
    return undefined;
  }
  function withoutHeaders(message) {
    var extensions = Object.assign({}, message.payload.extensions);
    delete extensions.headers;
    return JSON.stringify(Object.assign({}, message, {
      payload: Object.assign({}, message.payload, { extensions: extensions })
    }));
  }
  function LiveSocket(url, protocols) {
    // GraphiQL hands over the endpoint as configured; a path is resolved against the page.
    var absolute = new URL(url, location.href).href.replace(/^http/, 'ws');
    var socket = new Native(absolute, protocols);
    if (!speaksGraphqlWs(protocols)) return socket;
    var nativeSend = socket.send.bind(socket);
    // 'fresh' → 'held' (init held, local ack given) → 'joining' (real init sent) → 'open'
    var phase = 'fresh';
    var heldInit = null;
    var queued = [];
    socket.send = function (data) {
      if (phase === 'open') return nativeSend(data);
      var message;
      try { message = JSON.parse(data); } catch (e) { return nativeSend(data); }
      if (phase === 'fresh' && message.type === 'connection_init') {
        heldInit = message;
        phase = 'held';
        setTimeout(function () {
          socket.dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ type: 'connection_ack' }) }));
        });
        return;
      }
      if (phase === 'held' && message.type === 'subscribe') {
        var params = Object.assign({}, heldInit.payload || {});
        var authorization = authorizationOf(message);
        if (authorization !== undefined) params.Authorization = authorization;
        nativeSend(JSON.stringify({ type: 'connection_init', payload: params }));
        phase = 'joining';
        queued.push(withoutHeaders(message));
        return;
      }
      if (phase === 'joining' || phase === 'held') {
        queued.push(data);
        return;
      }
      return nativeSend(data);
    };
    // Registered before the client's onmessage, so the gateway's ack can be kept from it.
    socket.addEventListener('message', function (event) {
      if (phase !== 'joining' || !event.isTrusted) return;
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type !== 'connection_ack') return;
      event.stopImmediatePropagation();
      phase = 'open';
      queued.splice(0).forEach(nativeSend);
    });
    return socket;
  }
  LiveSocket.prototype = Native.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) { LiveSocket[name] = Native[name]; });
  window.WebSocket = LiveSocket;
})();
`;

/** The `<script>` to place in the page's head, before GraphiQL starts. */
export function liveSocketScript(): string {
  return `<script>${SCRIPT_BODY}</script>`;
}
