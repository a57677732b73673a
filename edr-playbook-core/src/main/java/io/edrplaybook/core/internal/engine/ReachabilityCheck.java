package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The Test button of a script without {@code test(ctx)} in {@code CHECK_ONLY} mode: instead of the
 * script, checks what can be checked without side effects — that the connector's host and port
 * accept a TCP connection within the deadline, and, when the connection should be TLS, that a
 * TLS handshake with the JVM's default trust succeeds (SNI set to the host). The connection
 * should be TLS when the binding's {@code params.scheme} is {@code "https"}, or when it sets no
 * scheme and the port is 443 or 8443; {@code "http"} means no TLS. Nothing is sent beyond the
 * handshake. Runs on the connector's lane like a script, so deadlines, limits and records are
 * the same. Thread-safe.
 */
public final class ReachabilityCheck implements ScriptRunner {
  private final Connector connector;
  private final boolean tls;

  /** Checks {@code connector}'s host and port; {@code params} are its binding's. */
  public ReachabilityCheck(Connector connector, Map<String, Object> params) {
    this.connector = connector;
    Object scheme = params.get("scheme");
    this.tls = scheme instanceof String s ? s.equalsIgnoreCase("https")
        : connector.port() == 443 || connector.port() == 8443;
  }

  @Override
  public String id() {
    return "reachability-check";
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    throw new UnsupportedOperationException("the reachability check runs no script");
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    String where = connector.host() + ":" + connector.port();
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, saturatedMillis(call.timeout())));
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(connector.host(), connector.port()), timeoutMillis);
      long tcp = (System.nanoTime() - start) / 1_000_000;
      String how = "TCP connect in " + tcp + " ms";
      if (tls) {
        socket.setSoTimeout(timeoutMillis);
        try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
            .createSocket(socket, connector.host(), connector.port(), false)) {
          tls.startHandshake();
          how += "; TLS handshake ok, " + tls.getSession().getProtocol();
        } catch (IOException e) {
          return failed("TlsHandshakeFailed", where + " accepted a TCP connection (in " + tcp + " ms) but the TLS"
              + " handshake failed: " + reason(e));
        }
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("message", "the script has no test(ctx); checked that " + where + " answers (" + how
          + "); run() was not called");
      result.put("checked", tls ? "tcp+tls" : "tcp");
      result.put("host", connector.host());
      result.put("port", connector.port());
      return ScriptOutcome.succeeded(result, "", false);
    } catch (IOException e) {
      return failed("ConnectFailed", where + " did not accept a TCP connection within " + call.timeout() + ": "
          + reason(e));
    }
  }

  private static ScriptOutcome failed(String type, String what) {
    return ScriptOutcome.failed(ScriptError.of(type, "the script has no test(ctx); " + what
        + "; run() was not called"), "", false);
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public Duration grace() {
    return Duration.ofSeconds(1);
  }

  @Override
  public void close() {
    // holds nothing
  }
}
