package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ScriptError;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises a failure a retry may cure from the recorded error's type (the exception's bare
 * class name) and message, so that scripts ported from other products need no edit to be
 * retried. A script can still declare any failure transient ({@code transient = True}); an
 * action turns recognition off with {@code retry.transientErrors: false}.
 *
 * <table>
 * <caption>Failures recognised as transient</caption>
 * <tr><th>type</th><th>message</th><th>raised by</th></tr>
 * <tr><td>{@code HTTPError}</td><td>{@code HTTP Error 429: ...} or {@code HTTP Error 5xx: ...}</td>
 *     <td>{@code urllib2}, {@code urllib.request}</td></tr>
 * <tr><td>{@code HTTPError}</td><td>{@code 429 Client Error: ...} or {@code 5xx Server Error: ...}</td>
 *     <td>{@code requests} ({@code raise_for_status})</td></tr>
 * <tr><td>{@code URLError}</td><td>any (refused, unreachable, DNS failure, timeout)</td>
 *     <td>{@code urllib2}, {@code urllib.request}</td></tr>
 * <tr><td>{@code timeout}, {@code TimeoutError}, {@code Timeout}, {@code ConnectTimeout},
 *     {@code ReadTimeout}</td><td>any</td><td>{@code socket}, {@code requests}</td></tr>
 * <tr><td>{@code ConnectionError}, {@code ConnectionRefusedError}, {@code ConnectionResetError},
 *     {@code ConnectionAbortedError}, {@code RemoteDisconnected}, {@code SMTPServerDisconnected}</td>
 *     <td>any</td><td>{@code requests}, Python 3, {@code http.client}, {@code smtplib}</td></tr>
 * <tr><td>{@code error}, {@code OSError}, {@code IOError}, {@code socket.error}</td>
 *     <td>{@code [Errno 104]}, {@code [Errno 110]}, {@code [Errno 111]}, {@code [Errno 113]}
 *     (reset, timed out, refused, no route)</td><td>{@code socket} on Python 2.7</td></tr>
 * <tr><td>{@code SMTPResponseException} and its family ({@code SMTPSenderRefused},
 *     {@code SMTPDataError}, {@code SMTPConnectError}, {@code SMTPHeloError},
 *     {@code SMTPAuthenticationError}, {@code SMTPRecipientsRefused})</td><td>a 4xx reply code:
 *     {@code (421, ...)}, {@code {'to@x': (450, ...)}}</td><td>{@code smtplib}</td></tr>
 * </table>
 */
final class TransientErrors {
  private static final Pattern URLLIB_HTTP = Pattern.compile("^HTTP Error (429|5\\d\\d)\\b.*", Pattern.DOTALL);
  private static final Pattern REQUESTS_HTTP = Pattern.compile("^(429 Client|5\\d\\d Server) Error\\b.*", Pattern.DOTALL);
  private static final Pattern ERRNO = Pattern.compile(".*\\[Errno (104|110|111|113)\\].*", Pattern.DOTALL);
  private static final Pattern SMTP_4XX = Pattern.compile("^[({][^0-9]*?\\b4\\d\\d\\b.*", Pattern.DOTALL);
  private static final Set<String> ALWAYS = Set.of("URLError", "timeout", "TimeoutError", "Timeout",
      "ConnectTimeout", "ReadTimeout", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
      "ConnectionAbortedError", "RemoteDisconnected", "SMTPServerDisconnected");
  private static final Set<String> SOCKET = Set.of("error", "OSError", "IOError", "socket.error");
  private static final Set<String> SMTP = Set.of("SMTPResponseException", "SMTPSenderRefused", "SMTPDataError",
      "SMTPConnectError", "SMTPHeloError", "SMTPAuthenticationError", "SMTPRecipientsRefused");

  private TransientErrors() {}

  /** Returns whether {@code error} is one of the failures the table lists. */
  static boolean recognised(ScriptError error) {
    String type = error.type();
    int dot = type.lastIndexOf('.');
    String bare = dot >= 0 && !type.equals("socket.error") ? type.substring(dot + 1) : type;
    String message = error.message().strip();
    if (ALWAYS.contains(bare)) {
      return true;
    }
    if (bare.equals("HTTPError")) {
      return URLLIB_HTTP.matcher(message).matches() || REQUESTS_HTTP.matcher(message).matches();
    }
    if (SOCKET.contains(bare)) {
      return ERRNO.matcher(message).matches();
    }
    if (SMTP.contains(bare)) {
      return SMTP_4XX.matcher(message).matches();
    }
    return false;
  }
}
