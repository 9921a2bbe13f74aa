// The interviewer app's service worker (scope /capi/). It keeps the app shell so the app opens without a network,
// and keeps the last copy of the assignment list and of the questionnaires. It never touches a POST: the sync goes
// to the network or fails, and the app keeps the queue in IndexedDB until it succeeds.
'use strict';

var SHELL = 'sanlv-capi-shell-v1';
var DATA = 'sanlv-capi-data-v1';
var SHELL_FILES = ['/capi/', '/capi/app.css', '/capi/interview.css', '/capi/manifest.webmanifest', '/capi/icon.svg', '/capi/icon-192.png',
  '/css/sanlv.css', '/js/capi/app.js', '/js/capi/engine.js', '/js/capi/interview.js', '/img/favicon.svg'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    // one missing file (a script not deployed yet) must not keep the others out of the cache
    return Promise.all(SHELL_FILES.map(function (url) {
      return fetch(url, { credentials: 'same-origin' }).then(function (r) {
        return r.ok && !r.redirected ? cache.put(url, r) : null;
      }).catch(function () { return null; });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== SHELL && n !== DATA && n.indexOf('sanlv-capi-') === 0; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function isData(url) {
  return url.pathname === '/api/v1/capi/me/assignments' || url.pathname.indexOf('/api/v1/capi/instruments/') === 0;
}

function isShell(url) {
  return SHELL_FILES.indexOf(url.pathname) >= 0;
}

// Network first: a fresh copy whenever there is a network (and a good answer), the kept one otherwise.
function networkFirst(request, cacheName, key) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(cacheName).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (kept) {
      return kept || new Response('', { status: 503, statusText: 'offline' });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') {
    return; // the sync and every other write go straight to the network
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === 'navigate' && (url.pathname === '/capi/' || url.pathname === '/capi')) {
    event.respondWith(networkFirst(request, SHELL, '/capi/'));
  } else if (isData(url)) {
    event.respondWith(networkFirst(request, DATA, url.pathname));
  } else if (isShell(url)) {
    event.respondWith(networkFirst(request, SHELL, url.pathname));
  }
});
