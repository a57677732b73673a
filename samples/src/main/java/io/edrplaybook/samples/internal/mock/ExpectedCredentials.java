package io.edrplaybook.samples.internal.mock;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/** The secret each mocked service expects, and the check of what a request sent. */
final class ExpectedCredentials {

  private final Map<MockService, String> expected = new EnumMap<>(MockService.class);

  void apiKey(MockService service, String key) {
    expected.put(service, key);
  }

  void usernamePassword(MockService service, String username, String password) {
    if (username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("username: must not contain ':' (basic authentication), was \""
          + username + "\"");
    }
    expected.put(service, username + ":" + password);
  }

  /** Whether {@code headers} carry the secret {@code service} expects, in the way it expects it. */
  boolean accepts(MockService service, Headers headers) {
    String secret = expected.get(service);
    if (secret == null) {
      return false;
    }
    String sent = switch (service) {
      case SLACK, TEAMS -> stripPrefix(headers.getFirst("Authorization"), "Bearer ");
      case NAC -> headers.getFirst("X-Api-Key");
      case BLOCKLIST -> stripPrefix(headers.getFirst("Authorization"), "Token ");
      case FIREWALL, TICKETING -> basicPair(headers.getFirst("Authorization"));
    };
    return sent != null && MessageDigest.isEqual(
        sent.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }

  private static String stripPrefix(String value, String prefix) {
    return value != null && value.startsWith(prefix) ? value.substring(prefix.length()) : null;
  }

  private static String basicPair(String value) {
    String encoded = stripPrefix(value, "Basic ");
    if (encoded == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "ExpectedCredentials" + expected.keySet() + " (secrets masked)";
  }
}
