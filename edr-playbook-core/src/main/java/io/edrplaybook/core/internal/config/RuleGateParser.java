package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.UndoPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a playbook row's {@code approval} and {@code undo} (docs/approvals-and-undo.md):
 *
 * <pre>
 * approval: { required: true, window: PT4H, onExpiry: deny, classifications: [MALICIOUS] }
 * undo: { after: PT24H, onReclassifiedTo: [LIKELY_SAFE] }
 * </pre>
 */
final class RuleGateParser {
  static final java.util.List<String> APPROVAL = java.util.List.of("required", "window", "onExpiry", "classifications");
  static final java.util.List<String> UNDO = java.util.List.of("after", "onReclassifiedTo");

  private RuleGateParser() {}

  /** The row's approval gate; empty when absent, not required, or wrong (with a problem). */
  static Optional<ApprovalGate> approval(ParseContext ctx, Fields row, Set<Classification> checked) {
    JsonNode node = row.get("approval");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    Fields f = Fields.of(ctx, node, row.path("approval"), APPROVAL);
    if (f == null) {
      return Optional.empty();
    }
    Boolean required = f.bool("required");
    Duration window = f.duration("window", ApprovalGate.MIN_WINDOW, ApprovalGate.MAX_WINDOW);
    if (window == null && !f.failed("window") && !Boolean.FALSE.equals(required)) {
      ctx.add(f.path("window"), "is required: how long a run waits for approval, an ISO-8601 duration such as"
          + " \"PT4H\" (between " + ApprovalGate.MIN_WINDOW + " and " + ApprovalGate.MAX_WINDOW + ")");
    }
    ApprovalGate.OnExpiry onExpiry = onExpiry(ctx, f);
    Set<Classification> cells = classifications(ctx, f, "classifications");
    for (Classification c : cells) {
      if (!checked.contains(c)) {
        ctx.add(f.path("classifications"), c + " is not a checked classification of this row (checked: "
            + checked.stream().sorted().toList() + "); approval applies only to checked cells");
      }
    }
    if (Boolean.FALSE.equals(required) || window == null || onExpiry == null || ctx.anyFailedUnder(f.path())) {
      return Optional.empty();
    }
    return Optional.of(new ApprovalGate(window, onExpiry, cells));
  }

  private static ApprovalGate.OnExpiry onExpiry(ParseContext ctx, Fields f) {
    String text = f.text("onExpiry", false);
    if (text == null) {
      return f.failed("onExpiry") ? null : ApprovalGate.OnExpiry.DENY;
    }
    try {
      return ApprovalGate.OnExpiry.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      ctx.add(f.path("onExpiry"), "must be one of " + Arrays.stream(ApprovalGate.OnExpiry.values())
          .map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", was \"" + text + "\"");
      return null;
    }
  }

  /** The row's undo; empty when absent or wrong (with a problem). */
  static Optional<UndoPolicy> undo(ParseContext ctx, Fields row) {
    JsonNode node = row.get("undo");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    Fields f = Fields.of(ctx, node, row.path("undo"), UNDO);
    if (f == null) {
      return Optional.empty();
    }
    Duration after = f.duration("after", Duration.ofSeconds(1), UndoPolicy.MAX_AFTER);
    Set<Classification> to = classifications(ctx, f, "onReclassifiedTo");
    if (after == null && to.isEmpty() && !ctx.anyFailedUnder(f.path())) {
      ctx.add(f.path(), "needs \"after\" (a delay such as \"PT24H\") or \"onReclassifiedTo\" (a list of"
          + " classifications), or both");
    }
    if (ctx.anyFailedUnder(f.path())) {
      return Optional.empty();
    }
    return Optional.of(new UndoPolicy(Optional.ofNullable(after), to));
  }

  private static Set<Classification> classifications(ParseContext ctx, Fields f, String key) {
    Set<Classification> out = new LinkedHashSet<>();
    ArrayNode list = f.list(key, false);
    if (list == null) {
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      String cpath = f.path(key) + "[" + i + "]";
      JsonNode c = list.get(i);
      if (!c.isTextual()) {
        ctx.add(cpath, "must be a classification's name, was " + Values.show(c));
        continue;
      }
      try {
        out.add(Classification.parse(c.textValue()));
      } catch (IllegalArgumentException e) {
        ctx.add(cpath, e.getMessage());
      }
    }
    return out;
  }
}
