package org.syndicate.server.transport;

import java.util.Objects;
import org.syndicate.actor.Ref;

/**
 * The httpd attached to a TCP relay listener (reference note syndicate-server.md §8.2): the
 * dataspace each plain HTTP request is asserted into as {@code <request REQ #:res>}, and the port
 * put in REQ.
 *
 * @param httpd the httpd dataspace (HTTPD of {@code <relay-listener <tcp H P> #:GK #:HTTPD>})
 * @param port the listener's port, 0..65535
 * @param limits the request limits
 */
public record HttpAttachment(Ref httpd, int port, HttpLimits limits) {
  /** Checks that nothing is null. */
  public HttpAttachment {
    Objects.requireNonNull(httpd, "httpd");
    Objects.requireNonNull(limits, "limits");
  }
}
