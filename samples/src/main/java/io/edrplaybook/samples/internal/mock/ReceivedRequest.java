package io.edrplaybook.samples.internal.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One request {@link MockThirdParty} received. Holds no secret: only whether the credentials
 * sent were the expected ones.
 *
 * @param service the service the path belongs to
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the path, without the query string
 * @param query the query string, empty when there is none
 * @param body the parsed JSON body; a missing node when the body was empty or not JSON
 * @param authorized whether the credentials sent were the expected ones
 * @param status the HTTP status the mock answered
 */
public record ReceivedRequest(MockService service, String method, String path, String query,
    JsonNode body, boolean authorized, int status) {

  /** Validates. */
  public ReceivedRequest {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(body, "body");
  }

  /** Returns one line a demo can print: {@code Slack got POST /api/chat.postMessage -> 200: {...}}. */
  public String summary() {
    String text = body.isMissingNode() ? "" : ": " + body;
    if (text.length() > 300) {
      text = text.substring(0, 300) + "...";
    }
    return service.label() + " got " + method + " " + path + (query.isEmpty() ? "" : "?" + query)
        + " -> " + status + text;
  }
}
