package io.edrplaybook.testkit.internal;

import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.core.internal.engine.SecretMasker;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Renders runs for assertion messages, with every secret of the configuration masked. */
public final class RunFormat {
  private final SecretMasker masker;

  /** Masks {@code secrets} (values of three characters or more), longest first. */
  public RunFormat(Collection<String> secrets) {
    this.masker = SecretMasker.of(secrets.stream().filter(s -> s != null && s.length() >= 3).toList());
  }

  /** Returns {@code text} with every secret replaced by {@code ****}. */
  public String mask(String text) {
    return masker.mask(text);
  }

  /** Returns "Action on Connector", the key {@code assertRanExactly} compares. */
  public static String key(String action, String connector) {
    return action + " on " + connector;
  }

  /** Returns e.g. {@code Block Address on Edge FW (firewall) SUCCEEDED}, plus the event when asked. */
  public String line(InvocationResult r, boolean withEvent) {
    StringBuilder sb = new StringBuilder(key(r.invocation().action(), r.invocation().connector()))
        .append(" (").append(r.invocation().script()).append(")");
    if (withEvent) {
      sb.append(" for ").append(r.eventId()).append(' ').append(r.invocation().classification());
    }
    if (r.invocation().test()) {
      sb.append(" [test]");
    }
    sb.append(' ').append(r.status());
    if (!r.status().succeeded() && !r.message().isEmpty()) {
      sb.append(": ").append(r.message());
    }
    return mask(sb.toString());
  }

  /** Returns the runs as a list, or {@code nothing} when there are none. */
  public String lines(List<InvocationResult> results, boolean withEvent) {
    if (results.isEmpty()) {
      return "nothing";
    }
    return results.stream().map(r -> line(r, withEvent)).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Returns a plan line, e.g. {@code IM Notification on SOC Slack (slack on cpython) would run}. */
  public String line(PlannedInvocation p) {
    return key(p.action(), p.connector()) + " (" + p.script() + " on " + p.runner() + ") "
        + (p.willRun() ? "would run" : "would not run: " + p.reason());
  }

  /** Returns the plan lines as a list, or {@code nothing} when there are none. */
  public String planLines(List<PlannedInvocation> lines) {
    return lines.isEmpty() ? "nothing"
        : lines.stream().map(this::line).collect(Collectors.joining(", ", "[", "]"));
  }
}
