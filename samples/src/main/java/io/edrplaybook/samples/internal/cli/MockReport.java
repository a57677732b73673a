package io.edrplaybook.samples.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;

/** What the mock received, one readable line per request: the message, card, block or ticket. */
final class MockReport {

  private MockReport() {}

  static List<String> lines(List<ReceivedRequest> requests) {
    int pathWidth = requests.stream().mapToInt(r -> (r.method() + " " + r.path()).length()).max().orElse(0);
    List<String> lines = new ArrayList<>();
    for (ReceivedRequest r : requests) {
      lines.add("  " + Text.pad(r.service().label(), 10) + Text.pad(r.method() + " " + r.path(), pathWidth + 2)
          + r.status() + (r.authorized() ? "" : " (bad credentials)") + "  " + Text.oneLine(what(r), 110));
    }
    return lines;
  }

  private static String what(ReceivedRequest r) {
    JsonNode b = r.body();
    return switch (r.service()) {
      case SLACK -> r.path().endsWith("auth.test") ? "token check"
          : "message to " + b.path("channel").asText() + ": \"" + b.path("text").asText() + "\"";
      case TEAMS -> "MessageCard: \"" + b.path("summary").asText() + "\"";
      case FIREWALL -> r.method().equals("GET") ? "status check"
          : r.path().endsWith("/remove") ? "remove rule " + b.path("id").asText() + " for " + b.path("address").asText()
          : "block rule for " + b.path("address").asText()
              + (b.has("durationMinutes") ? " (" + b.path("durationMinutes").asText() + " min)" : "")
              + ": " + b.path("comment").asText();
      case NAC -> r.method().equals("GET") ? "API key check"
          : "isolate " + b.path("hostname").asText() + " (" + b.path("address").asText() + "), policy "
              + b.path("policy").asText();
      case TICKETING -> r.method().equals("GET") ? "table check"
          : "incident \"" + b.path("short_description").asText() + "\", urgency " + b.path("urgency").asText();
      case BLOCKLIST -> r.path().endsWith("/remove") ? "remove entry " + b.path("id").asText() + " for "
          + b.path("value").asText() : "blocklist entry for " + b.path("value").asText()
          + (b.has("expiresInDays") ? " (" + b.path("expiresInDays").asText() + " days)" : "")
          + ": " + b.path("comment").asText();
    };
  }
}
