/**
 * HTTP services on an httpd dataspace (reference note syndicate-server.md §8.2): {@link
 * org.syndicate.server.http.HttpRouter} ({@code <http-router #:HTTPD>}) and {@link
 * org.syndicate.server.http.StaticFiles} ({@code <http-static-files "DIR" N>}). The requests
 * themselves come from TCP relay listeners with an httpd attached ({@link
 * org.syndicate.server.transport.HttpExchangeHandler}).
 */
package org.syndicate.server.http;
