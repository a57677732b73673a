package io.edrplaybook.api;

/**
 * What the Test button does with a script that has no {@code test(ctx)}. A script that has one
 * is always tested by calling it, whatever the mode.
 */
public enum TestMode {
  /**
   * The default: {@code run(ctx)} is not called, since it would perform the real action. The
   * engine checks what it can without side effects: that the connector's host and port accept a
   * TCP connection within the action's deadline, and that a TLS handshake succeeds when the
   * binding's {@code params.scheme} is {@code "https"} (or, without a scheme, on port 443 or
   * 8443). The record says so plainly.
   */
  CHECK_ONLY,
  /**
   * Calls {@code run(ctx)} (with {@code ctx["test"]} true and a synthetic event): the real
   * action is performed. The record says that {@code run(ctx)} was called.
   */
  RUN_SCRIPT
}
